// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_CHURN_SPEC_H
#define FILE_DISTRIBUTION_CHURN_SPEC_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup file-distribution
 * The values that describe churn, populations and faults in the options of the examples and
 * the keys of scenario files (scenarios/README.md): how leechers arrive, how long peers stay,
 * host classes, free riders, links that go down. Pure logic: parsing and validation with a
 * message naming the value and what is allowed, and deterministic assignments.
 */

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief A duration per peer: fixed, infinite, or drawn from a distribution.
 */
struct DurationSpec
{
    /// The kinds of durations.
    enum class Kind
    {
        FIXED,       //!< always `value`
        INFINITE,    //!< forever
        EXPONENTIAL, //!< exponential with mean `value`
        WEIBULL,     //!< Weibull with scale `value` and shape `shape`
    };

    Kind kind{Kind::INFINITE}; //!< which
    Time value;                //!< the fixed value, the mean or the scale
    double shape{1};           //!< Weibull's shape

    /// \return as written in an option: "inf", "300s", "exponential(300s)", "weibull(300s,0.5)"
    std::string ToString() const;
    /// \return the mean in seconds (infinity for INFINITE)
    double GetMeanSeconds() const;
};

/**
 * \ingroup file-distribution
 * \brief Parses a duration: `inf`, a time (`0s`, `300s`), `exponential(MEAN)` or
 * `weibull(SCALE,SHAPE)` with SHAPE > 0.
 * \param text the value
 * \param error receives a message naming the value and what is allowed (may be null)
 * \return the duration, or nothing
 */
std::optional<DurationSpec> ParseDurationSpec(const std::string& text, std::string* error);

/**
 * \ingroup file-distribution
 * \brief The random variable that draws a duration in seconds: constant, exponential (mean),
 * Weibull (scale, shape); nothing for an infinite one.
 * \param spec the duration
 * \return the variable, or null for INFINITE
 */
Ptr<RandomVariableStream> CreateDurationVariable(const DurationSpec& spec);

/**
 * \ingroup file-distribution
 * \brief How leechers arrive.
 */
struct ArrivalSpec
{
    /// The kinds of arrival processes.
    enum class Kind
    {
        FLASH,   //!< all at t = 0 (a flash crowd)
        UNIFORM, //!< join times uniform in [0, window]
        POISSON, //!< a Poisson process with `rate` arrivals per second
        FILE,    //!< the join times listed in a file, one per leecher
    };

    Kind kind{Kind::FLASH};    //!< which
    Time window;               //!< UNIFORM's window
    double rate{0};            //!< POISSON's arrivals per second
    std::string path;          //!< FILE's path
    std::vector<double> times; //!< FILE's join times in seconds, in file order

    /// \return as written in an option
    std::string ToString() const;
};

/**
 * \ingroup file-distribution
 * \brief Parses arrivals: `flash`, `uniform(WINDOW)`, `poisson(RATE)` with RATE arrivals per
 * second (`poisson(0.5)`, also `poisson(0.5/s)`), or `file(PATH)`, a text file with one join
 * time in seconds per line (`#` starts a comment). The file is read here.
 * \param text the value
 * \param error receives a message naming the value and what is allowed (may be null)
 * \return the arrivals, or nothing
 */
std::optional<ArrivalSpec> ParseArrivalSpec(const std::string& text, std::string* error);

/**
 * \ingroup file-distribution
 * \brief A class of hosts with their own access rates (DSL, cable, fibre).
 */
struct HostClass
{
    std::string name; //!< letters, digits, '_' or '-'
    double share;     //!< of the hosts, 0..1
    DataRate up;      //!< upload rate
    DataRate down;    //!< download rate
};

/**
 * \ingroup file-distribution
 * \brief Parses host classes: `NAME:SHARE:UP:DOWN` joined by `+`, e.g.
 * `dsl:0.5:1Mbps:8Mbps + cable:0.3:5Mbps:50Mbps + fibre:0.2:50Mbps:100Mbps`. Shares are
 * within (0, 1] and add up to 1; names are unique.
 * \param text the value (`none` or empty: no classes)
 * \param error receives a message naming the value and what is allowed (may be null)
 * \return the classes (empty for none), or nothing
 */
std::optional<std::vector<HostClass>> ParseHostClasses(const std::string& text, std::string* error);

/**
 * \ingroup file-distribution
 * \brief Which class each of \p hosts hosts gets: the classes in order, each over a block of
 * hosts as large as its share (largest remainders), so that the counts are exact.
 * \param classes the classes (shares add up to 1)
 * \param hosts how many hosts
 * \return per host, its class index
 */
std::vector<uint32_t> AssignHostClasses(const std::vector<HostClass>& classes, uint32_t hosts);

/**
 * \ingroup file-distribution
 * \brief Whether leecher \p i of \p n is a free rider when a \p share of them are: round(share x
 * n) free riders spread evenly over the leechers (no random draw, so the same leechers in
 * every run).
 * \param i the leecher's index, 0..n-1
 * \param n how many leechers
 * \param share 0..1
 * \return true for a free rider
 */
bool IsFreeRider(uint32_t i, uint32_t n, double share);

/**
 * \ingroup file-distribution
 * \brief A host's link down for a while.
 */
struct LinkDownSpec
{
    std::string host; //!< "server", "tracker", or a host index 1..N as written
    uint32_t index;   //!< 0 for the server, the index for a host (the tracker: see host)
    Time down;        //!< when it goes down
    Time up;          //!< when it is back (Time::Max(): never)
};

/**
 * \ingroup file-distribution
 * \brief Parses link outages: `HOST@DOWN-UP` joined by `+`, HOST `server`, `tracker` or a host
 * index 1..N, DOWN and UP times (UP `inf`: never back), DOWN < UP: `server@30s-210s`,
 * `tracker@0s-60s + 3@10s-inf`. Host indexes are checked against N later.
 * \param text the value (`none` or empty: no outage)
 * \param error receives a message naming the value and what is allowed (may be null)
 * \return the outages, or nothing
 */
std::optional<std::vector<LinkDownSpec>> ParseLinkDowns(const std::string& text,
                                                        std::string* error);

} // namespace ns3

#endif // FILE_DISTRIBUTION_CHURN_SPEC_H
