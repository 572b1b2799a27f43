// SPDX-License-Identifier: GPL-2.0-only

/**
 * \file
 * \ingroup file-distribution
 * The socket primer of the lesson: clients send lines, a server returns them in upper case.
 *
 *   client 0 --+
 *   client 1 --+-- router -- server (port 12000)
 *   client N --+
 *
 * Every host is on its own point-to-point link to the router. Over TCP the server accepts
 * each client on a connection socket of its own and tells them apart by source port; the
 * table printed at the end shows each connection's 4-tuple. With --loss, every link drops
 * each packet with that probability: UDP lines get lost (and are counted), TCP retransmits.
 *
 *   ./uppercase-echo --protocol=tcp --clients=3
 *   ./uppercase-echo --protocol=udp --clients=2 --loss=0.1 --lines="one|two|three"
 *   ./uppercase-echo --protocol=tcp --input=lines.txt --pcap=true   (then: tshark -r ...)
 */

#include "ns3/application-container.h"
#include "ns3/command-line.h"
#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uppercase-echo-client.h"
#include "ns3/uppercase-echo-helper.h"
#include "ns3/uppercase-echo-server.h"

#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

namespace
{

/// Prints a usage error naming the value and what is allowed; the caller exits with 1.
int
Fail(const std::string& message)
{
    std::cerr << "uppercase-echo: error: " << message << std::endl;
    return 1;
}

/// "10.1.1.1:49153"
std::string
Endpoint(const Address& address)
{
    if (!InetSocketAddress::IsMatchingType(address))
    {
        return "?";
    }
    const InetSocketAddress inet = InetSocketAddress::ConvertFrom(address);
    std::ostringstream os;
    os << inet.GetIpv4() << ":" << inet.GetPort();
    return os.str();
}

/// Prints one reply as it arrives.
void
PrintReply(uint32_t client, const std::string& reply, Time rtt)
{
    std::cout << std::fixed << std::setprecision(3) << "+" << Simulator::Now().GetSeconds()
              << "s client " << client << " got \"" << reply << "\" (rtt " << std::setprecision(1)
              << rtt.GetSeconds() * 1000 << " ms)" << std::endl;
}

/// Prints one line lost.
void
PrintLost(uint32_t client, const std::string& line)
{
    std::cout << std::fixed << std::setprecision(3) << "+" << Simulator::Now().GetSeconds()
              << "s client " << client << " lost \"" << line << "\" (no reply)" << std::endl;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string protocolName = "tcp";
    std::string clientsText = "3";
    std::string lines = "hello world|how are you|bye";
    std::string input;
    std::string lossText = "0";
    bool pcap = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("protocol", "udp or tcp", protocolName);
    cmd.AddValue("clients", "number of clients, 1 to 1000", clientsText);
    cmd.AddValue("lines", "lines each client sends, separated by '|'", lines);
    cmd.AddValue("input", "text file whose lines each client sends (instead of --lines)", input);
    cmd.AddValue("loss", "probability in [0,1] that a link drops a packet", lossText);
    cmd.AddValue("pcap", "write pcap files (uppercase-echo-<node>-<device>.pcap)", pcap);
    cmd.Parse(argc, argv);

    const std::optional<TypeId> protocol = UppercaseEchoHelper::ParseProtocol(protocolName);
    if (!protocol)
    {
        return Fail("--protocol=" + protocolName + ": allowed values are udp and tcp");
    }
    char* end = nullptr;
    const long clients = std::strtol(clientsText.c_str(), &end, 10);
    if (clientsText.empty() || *end != '\0' || clients < 1 || clients > 1000)
    {
        return Fail("--clients=" + clientsText + ": must be an integer from 1 to 1000");
    }
    const double loss = std::strtod(lossText.c_str(), &end);
    if (lossText.empty() || *end != '\0' || !(loss >= 0.0 && loss <= 1.0))
    {
        return Fail("--loss=" + lossText + ": must be a probability from 0 to 1");
    }
    if (!input.empty())
    {
        std::string error;
        if (!UppercaseEchoClient::ReadLinesFile(input, &error))
        {
            return Fail("--input=" + input + ": " + error);
        }
    }

    // Topology: a router with one point-to-point link per host.
    NodeContainer router(1);
    NodeContainer server(1);
    NodeContainer clientNodes(static_cast<uint32_t>(clients));
    InternetStackHelper stack;
    stack.Install(router);
    stack.Install(server);
    stack.Install(clientNodes);

    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("5ms"));
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
    int64_t stream = 1;
    auto connect = [&](Ptr<Node> host) {
        NetDeviceContainer devices = link.Install(host, router.Get(0));
        if (loss > 0)
        {
            for (uint32_t i = 0; i < devices.GetN(); ++i)
            {
                Ptr<RateErrorModel> drop = CreateObject<RateErrorModel>();
                drop->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
                drop->SetAttribute("ErrorRate", DoubleValue(loss));
                stream += drop->AssignStreams(stream);
                devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(drop));
            }
        }
        Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
        addresses.NewNetwork();
        return interfaces.GetAddress(0);
    };
    const Ipv4Address serverAddress = connect(server.Get(0));
    for (uint32_t i = 0; i < clientNodes.GetN(); ++i)
    {
        connect(clientNodes.Get(i));
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    UppercaseEchoHelper echo(*protocol);
    ApplicationContainer serverApps = echo.InstallServer(server);
    serverApps.Start(Seconds(0));
    if (input.empty())
    {
        echo.SetClientAttribute("Lines", StringValue(lines));
    }
    else
    {
        echo.SetClientAttribute("InputFile", StringValue(input));
    }
    ApplicationContainer clientApps = echo.InstallClients(clientNodes, serverAddress);
    for (uint32_t i = 0; i < clientApps.GetN(); ++i)
    {
        // Start the clients 100 ms apart so the output reads one conversation at a time.
        clientApps.Get(i)->SetStartTime(Seconds(1 + 0.1 * i));
        clientApps.Get(i)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&PrintReply, i));
        clientApps.Get(i)->TraceConnectWithoutContext("Lost", MakeBoundCallback(&PrintLost, i));
    }
    if (pcap)
    {
        link.EnablePcapAll("uppercase-echo");
    }

    std::cout << "uppercase-echo over " << (protocol == UppercaseEchoHelper::Tcp() ? "TCP" : "UDP")
              << ": " << clients << " client(s), server " << serverAddress << ":12000"
              << (loss > 0 ? ", loss " + lossText + " per link" : "") << std::endl;
    Simulator::Run();

    Ptr<UppercaseEchoServer> echoServer = DynamicCast<UppercaseEchoServer>(serverApps.Get(0));
    std::cout << "\nserver: " << echoServer->GetLinesServed() << " line(s) answered, "
              << echoServer->GetClients().size() << " client endpoint(s):" << std::endl;
    for (const auto& record : echoServer->GetClients())
    {
        std::cout << "  " << (protocol == UppercaseEchoHelper::Tcp() ? "tcp " : "udp ")
                  << Endpoint(record.local) << " <-> " << Endpoint(record.remote) << "  "
                  << record.linesServed << " line(s)" << std::endl;
    }
    uint32_t lost = 0;
    uint32_t answered = 0;
    for (uint32_t i = 0; i < clientApps.GetN(); ++i)
    {
        Ptr<UppercaseEchoClient> client = DynamicCast<UppercaseEchoClient>(clientApps.Get(i));
        lost += client->GetLost();
        answered += client->GetExchanges().size() - client->GetLost();
    }
    std::cout << "clients: " << answered << " repl(ies), " << lost << " lost" << std::endl;
    if (pcap)
    {
        // Wireshark's heuristics take UDP port 12000 for LLC: tell it the payload is data.
        std::cout << "pcap: uppercase-echo-<node>-<device>.pcap; the server's link is "
                     "uppercase-echo-1-1.pcap:\n  tshark -r uppercase-echo-1-1.pcap "
                  << (protocol == UppercaseEchoHelper::Tcp() ? "-qz follow,tcp,ascii,0"
                                                             : "-d udp.port==12000,data -x")
                  << std::endl;
    }
    Simulator::Destroy();
    return 0;
}
