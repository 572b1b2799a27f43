#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Checks that Wireshark decodes the module's pcap traces with its DEFAULT settings (no
# "Decode As", no -o): BitTorrent on TCP 6881, the tracker's HTTP on TCP 2710, the file
# server's HTTP on TCP 80, the uppercase echo on TCP 12000, and no malformed packet anywhere.
#
#   test/check-pcaps.sh build/bin          (CTest runs it as the test "pcaps-wireshark")
#
# It runs the examples with --pcap=true in a fresh temporary directory, prints what tshark
# found (counts), and exits non-zero with a message naming every expectation that failed.
# KEEP_PCAPS=1 keeps the directory (its path is printed) for a look in Wireshark.

set -u

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 <build bin directory>" >&2
    exit 2
fi
bin=$(cd "$1" && pwd)

tshark=${TSHARK:-tshark}
if ! command -v "$tshark" >/dev/null 2>&1; then
    echo "check-pcaps: FAIL: tshark is not installed (apt-get install tshark;" \
        "utils/common.sh installs it)" >&2
    exit 1
fi
for example in bittorrent-swarm client-server-distribution uppercase-echo; do
    if [ ! -x "$bin/$example" ]; then
        echo "check-pcaps: FAIL: $bin/$example is missing (build the examples first)" >&2
        exit 1
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/check-pcaps.XXXXXX")
if [ "${KEEP_PCAPS:-0}" = 1 ]; then
    echo "pcaps kept in $work"
else
    trap 'rm -rf "$work"' EXIT
fi
cd "$work" || exit 1

failures=0

fail()
{
    echo "  FAIL: $*"
    failures=$((failures + 1))
}

# tshark's own complaints (an unreadable file) must not pass for "0 packets found".
# Usage: fields <pcap> <display filter> <field>...: one line per matching frame.
fields()
{
    local pcap=$1 filter=$2
    shift 2
    local args=()
    for f in "$@"; do
        args+=(-e "$f")
    done
    if ! "$tshark" -r "$pcap" -Y "$filter" -T fields -E occurrence=a -E aggregator=, \
        "${args[@]}" 2>"$work/tshark.err"; then
        echo "tshark failed on $pcap with filter '$filter':" >&2
        grep -v 'Running as user' "$work/tshark.err" >&2
        echo "$pcap: $filter" >>"$work/tshark-failed" # counted at the end: 0 is no answer
        return 1
    fi
}

# Number of frames of <pcap> matching <filter>.
frames()
{
    fields "$1" "$2" frame.number | grep -c . || true
}

# Number of occurrences of <field> in the frames of <pcap> matching <filter> (a frame may
# carry several BitTorrent messages).
occurrences()
{
    fields "$1" "$2" "$3" | tr ',' '\n' | grep -c . || true
}

# expect_min <what> <count> <minimum>
expect_min()
{
    printf '  %-52s %7d\n' "$1" "$2"
    if [ "$2" -lt "$3" ]; then
        fail "$1: expected at least $3, found $2"
    fi
}

# expect_zero <what> <count>
expect_zero()
{
    printf '  %-52s %7d\n' "$1" "$2"
    if [ "$2" -ne 0 ]; then
        fail "$1: expected none, found $2"
    fi
}

# No malformed packet and no expert error, whatever the protocol, with one exception that is
# Wireshark's, not the trace's: a retransmitted TCP segment that tshark 4.0 flags as
# "out-of-order" (sent less than one initial RTT after newer data, as SACK recovery does on
# the sender's link) is fed to TCP reassembly a second time and reported as "New fragment
# overlaps old data (retransmission?)" although it carries the very bytes of the first
# transmission. Such frames are counted apart, and only after checking that their payload is
# byte-identical to the first segment with the same stream, sequence number and length.
check_clean()
{
    local pcap=$1
    fields "$pcap" _ws.malformed frame.number tcp.stream tcp.seq_raw tcp.len \
        tcp.analysis.out_of_order tcp.analysis.retransmission _ws.expert.message >malformed.txt
    local malformed explained
    malformed=$(grep -c . malformed.txt || true)
    explained=0
    if [ "$malformed" -ne 0 ]; then
        local streams
        streams=$(cut -f2 malformed.txt | sort -un | tr '\n' ' ')
        fields "$pcap" "tcp.len > 0 && tcp.stream in {$streams}" frame.number tcp.stream \
            tcp.seq_raw tcp.len tcp.payload >segments.txt
        explained=$(awk -F'\t' '
            NR == FNR {
                # a malformed frame: a retransmission whose only fault is the overlap message
                if ($5 == "" && $6 == "")
                    next
                n = split($7, messages, ",")
                overlaps = 0
                others = 0
                for (i = 1; i <= n; i++) {
                    if (messages[i] ~ /New fragment overlaps old data/)
                        overlaps++
                    else if (messages[i] ~ /[Mm]alformed|[Ee]xception|[Ee]rror/)
                        others++
                }
                if (overlaps == 1 && others == 0)
                    suspect[$1] = 1
                next
            }
            {
                key = $2 "/" $3 "/" $4
                if (!(key in first))
                    first[key] = $5
                else if (($1 in suspect) && first[key] == $5)
                    ok++
            }
            END { print ok + 0 }' malformed.txt segments.txt)
    fi
    printf '  %-52s %7d\n' "malformed packets (_ws.malformed)" "$malformed"
    if [ "$explained" -ne 0 ]; then
        printf '  %-52s %7d\n' "  of which TCP retransmissions, bytes identical" "$explained"
    fi
    expect_zero "  malformed, not explained by a retransmission" $((malformed - explained))
    local errors
    errors=$(frames "$pcap" '_ws.expert.severity == error')
    printf '  %-52s %7d\n' "expert errors (_ws.expert.severity == error)" "$errors"
    expect_zero "  errors other than the retransmissions above" \
        "$(frames "$pcap" '_ws.expert.severity == error && !_ws.malformed')"
}

# Prints how many frames flagged bittorrent.continuous_data are Wireshark's, not the trace's:
# its BitTorrent dissector (4.0 and later) takes a message's 4-byte length prefix that ends a
# TCP segment, without the type byte, for a whole 4-byte message, so the rest of that message,
# in the next segment, becomes unattributed data. Such a frame is explained only if the
# segment just before it in its stream ends with a 4-byte "PDU" holding a non-zero length and
# the frame itself starts with a message type (0..8): the stream is intact.
# Usage: unattributed_explained <pcap>
unattributed_explained()
{
    local pcap=$1
    fields "$pcap" bittorrent.continuous_data frame.number tcp.stream tcp.seq_raw \
        tcp.payload >continuous.txt
    if [ ! -s continuous.txt ]; then
        echo 0
        return
    fi
    local streams
    streams=$(cut -f2 continuous.txt | sort -un | tr '\n' ' ')
    fields "$pcap" "tcp.len > 0 && tcp.stream in {$streams}" tcp.stream tcp.seq_raw tcp.len \
        tcp.payload tcp.pdu.size >before.txt
    awk -F'\t' '
        NR == FNR {
            # a segment: keyed by where the next one starts
            n = split($5, sizes, ",")
            prefix = substr($4, length($4) - 7)
            if (sizes[n] == 4 && prefix != "00000000")
                cut[$1 "/" ($2 + $3) % 4294967296] = 1
            next
        }
        ((($2 "/" $3) in cut) && substr($4, 1, 2) ~ /^0[0-8]$/) { ok++ }
        END { print ok + 0 }' before.txt continuous.txt
}

# run <example> <arguments>...: runs it, keeps its output in <example>.log.
run()
{
    local example=$1
    shift
    echo "\$ $example $*"
    if ! "$bin/$example" "$@" >"$example.log" 2>&1; then
        cat "$example.log"
        fail "$example exited with an error"
        return 1
    fi
}

# pcaps <prefix>: sets the array "found" to the pcap files the last run wrote; fails if none.
pcaps()
{
    found=("$1"-*.pcap)
    if [ ! -e "${found[0]}" ]; then
        fail "no $1-*.pcap written"
        return 1
    fi
}

# --- BitTorrent swarm: the server's link (tracker + initial seed) and a leecher's ----------
if run bittorrent-swarm --peers=4 --file-size=1MB --piece-size=64KiB --pcap=true &&
    pcaps bittorrent-swarm; then
    for pcap in "${found[@]}"; do
        echo "$pcap:"
        # Every BitTorrent message type in the trace, one per line (a frame may carry several).
        fields "$pcap" bittorrent.msg.type bittorrent.msg.type | tr ',' '\n' >types.txt
        count_type()
        {
            grep -cx "$1" types.txt || true
        }
        expect_min "handshakes (bittorrent.protocol.name)" \
            "$(frames "$pcap" 'bittorrent.protocol.name == "BitTorrent protocol"')" 2
        expect_zero "handshakes for another torrent (info_hash)" \
            "$(fields "$pcap" bittorrent.info_hash bittorrent.info_hash | sort -u | sed 1d |
                grep -c . || true)"
        bitfields=$(count_type 5)
        haves=$(count_type 4)
        printf '  %-52s %7d\n' "bitfield messages (bittorrent.msg.type == 5)" "$bitfields"
        printf '  %-52s %7d\n' "have messages (bittorrent.msg.type == 4)" "$haves"
        expect_min "bitfield + have messages" $((bitfields + haves)) 1
        expect_min "interested messages (bittorrent.msg.type == 2)" "$(count_type 2)" 1
        expect_min "unchoke messages (bittorrent.msg.type == 1)" "$(count_type 1)" 1
        expect_min "request messages (bittorrent.msg.type == 6)" "$(count_type 6)" 1
        expect_min "piece messages (bittorrent.msg.type == 7)" "$(count_type 7)" 1
        # A stream cut at a wrong offset shows up as unknown types, impossible lengths or data
        # the dissector could not attribute to a message.
        # BEP 6 (Fast Extension): allowed fast (17) to every interested neighbour; reject (16)
        # when a choke drops requests.
        expect_min "allowed fast messages (bittorrent.msg.type == 17)" "$(count_type 17)" 1
        printf '  %-52s %7d\n' "reject messages (bittorrent.msg.type == 16)" "$(count_type 16)"
        expect_zero "messages of an unknown type (not 0..8, 13..17)" \
            "$(grep -cvxE '[0-8]|1[3-7]' types.txt || true)"
        expect_zero "requests for more than 16 KiB" \
            "$(fields "$pcap" 'bittorrent.msg.type == 6' bittorrent.piece.length | tr ',' '\n' |
                awk '$1 > 16384' | grep -c . || true)"
        unattributed=$(frames "$pcap" bittorrent.continuous_data)
        printf '  %-52s %7d\n' "unattributed data (bittorrent.continuous_data)" "$unattributed"
        split=$(unattributed_explained "$pcap")
        if [ "$split" -ne 0 ]; then
            printf '  %-52s %7d\n' "  of which after a length prefix ending a segment" "$split"
        fi
        expect_zero "  unattributed, not explained by a split prefix" $((unattributed - split))
        expect_min "tracker: HTTP GET /announce (tcp.port == 2710)" \
            "$(frames "$pcap" 'tcp.dstport == 2710 && http.request.method == "GET" &&
                http.request.uri contains "/announce?info_hash="')" 1
        expect_min "tracker: HTTP 200 responses from port 2710" \
            "$(frames "$pcap" 'tcp.srcport == 2710 && http.response.code == 200')" 1
        check_clean "$pcap"
    done
fi

# --- Client-server: HTTP/1.0 on port 80 --------------------------------------------------
if run client-server-distribution --clients=2 --file-size=200kB --pcap=true &&
    pcaps client-server-distribution; then
    for pcap in "${found[@]}"; do
        echo "$pcap:"
        expect_min "HTTP GET / requests (GET /file.bin)" \
            "$(frames "$pcap" 'http.request.method == "GET" && http.request.uri matches "^/"')" 1
        expect_min "HTTP/1.0 200 OK responses" \
            "$(frames "$pcap" 'http.response.version == "HTTP/1.0" &&
                http.response.code == 200 && http.response.phrase == "OK"')" 1
        expect_min "  with Content-Length: 200000" \
            "$(frames "$pcap" 'http.response.code == 200 && http.content_length == 200000')" 1
        check_clean "$pcap"
    done
fi

# --- Uppercase echo over TCP: port 12000 -------------------------------------------------
if run uppercase-echo --protocol=tcp --clients=2 --pcap=true &&
    pcaps uppercase-echo; then
    for pcap in "${found[@]}"; do
        echo "$pcap:"
        expect_min "TCP segments with data on port 12000" \
            "$(frames "$pcap" 'tcp.port == 12000 && tcp.len > 0')" 1
        check_clean "$pcap"
    done
fi

if [ -e "$work/tshark-failed" ]; then
    fail "tshark could not answer $(wc -l <"$work/tshark-failed") query(ies) (see above)"
fi
if [ "$failures" -ne 0 ]; then
    echo "check-pcaps: FAIL: $failures expectation(s) not met (KEEP_PCAPS=1 keeps the pcaps)"
    exit 1
fi
echo "check-pcaps: all pcaps decode as expected with tshark's default settings"
