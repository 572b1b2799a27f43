// SPDX-License-Identifier: GPL-2.0-only

#include "churn-spec.h"

#include "ns3/double.h"
#include "ns3/quantity-parser.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{

/// \param text a string \return it without leading and trailing spaces
std::string
Trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
    {
        return "";
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

/**
 * \brief Recognizes NAME(ARGS).
 * \param text the value
 * \param name the function name
 * \param args receives the arguments split at commas, trimmed
 * \return true if \p text has that form
 */
bool
IsCall(const std::string& text, const std::string& name, std::vector<std::string>* args)
{
    if (text.size() < name.size() + 2 || text.compare(0, name.size() + 1, name + "(") != 0 ||
        text.back() != ')')
    {
        return false;
    }
    args->clear();
    std::istringstream in(text.substr(name.size() + 1, text.size() - name.size() - 2));
    std::string item;
    while (std::getline(in, item, ','))
    {
        args->push_back(Trim(item));
    }
    return true;
}

/// \param text a list joined by '+' \return its items, trimmed
std::vector<std::string>
SplitPlus(const std::string& text)
{
    std::vector<std::string> items;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, '+'))
    {
        items.push_back(Trim(item));
    }
    return items;
}

/// \param text a number \param out receives it \return true if all of \p text is one
bool
ParseNumber(const std::string& text, double* out)
{
    std::istringstream in(text);
    double v;
    if (!(in >> v) || !in.eof() || !std::isfinite(v))
    {
        return false;
    }
    *out = v;
    return true;
}

/// \param error where a message goes (may be null) \param message the message \return nothing
template <typename T>
std::optional<T>
Fail(std::string* error, const std::string& message)
{
    if (error)
    {
        *error = message;
    }
    return std::nullopt;
}

/**
 * \brief Writes a time so that ParseTime reads back exactly the same time: a whole number of
 * the largest unit (s, ms, us, ns) that divides it ("300s", "1500ms"), never scientific
 * notation or rounded digits.
 * \param t the time
 * \return the text
 */
std::string
FormatTimeExactly(Time t)
{
    const int64_t ns = t.GetNanoSeconds();
    if (ns % 1000000000 == 0)
    {
        return std::to_string(ns / 1000000000) + "s";
    }
    if (ns % 1000000 == 0)
    {
        return std::to_string(ns / 1000000) + "ms";
    }
    if (ns % 1000 == 0)
    {
        return std::to_string(ns / 1000) + "us";
    }
    return std::to_string(ns) + "ns";
}

/**
 * \brief Writes a number with the fewest significant digits (6 to 17) that read back to the
 * same double, so that a parsed value formats and parses to itself.
 * \param v the number
 * \return the text
 */
std::string
FormatNumberExactly(double v)
{
    std::string text;
    for (int digits = 6; digits <= 17; ++digits)
    {
        std::ostringstream os;
        os.precision(digits);
        os << v;
        text = os.str();
        double back = 0;
        if (ParseNumber(text, &back) && back == v)
        {
            break;
        }
    }
    return text;
}

} // namespace

std::string
DurationSpec::ToString() const
{
    std::ostringstream os;
    switch (kind)
    {
    case Kind::INFINITE:
        return "inf";
    case Kind::FIXED:
        os << FormatTimeExactly(value);
        break;
    case Kind::EXPONENTIAL:
        os << "exponential(" << FormatTimeExactly(value) << ")";
        break;
    case Kind::WEIBULL:
        os << "weibull(" << FormatTimeExactly(value) << "," << FormatNumberExactly(shape) << ")";
        break;
    }
    return os.str();
}

double
DurationSpec::GetMeanSeconds() const
{
    switch (kind)
    {
    case Kind::INFINITE:
        return std::numeric_limits<double>::infinity();
    case Kind::WEIBULL:
        return value.GetSeconds() * std::tgamma(1 + 1 / shape);
    default:
        return value.GetSeconds();
    }
}

std::optional<DurationSpec>
ParseDurationSpec(const std::string& raw, std::string* error)
{
    const std::string text = Trim(raw);
    const std::string allowed =
        "; expected inf, a time (0s, 300s), exponential(MEAN) or weibull(SCALE,SHAPE)";
    DurationSpec spec;
    if (text == "inf")
    {
        return spec;
    }
    std::vector<std::string> args;
    std::string why;
    if (IsCall(text, "exponential", &args))
    {
        const auto mean = args.size() == 1 ? ParseTime(args[0], &why) : std::nullopt;
        if (!mean || !mean->IsStrictlyPositive())
        {
            return Fail<DurationSpec>(error,
                                      "invalid duration '" + text +
                                          "': the mean must be "
                                          "a positive time" +
                                          allowed);
        }
        spec.kind = DurationSpec::Kind::EXPONENTIAL;
        spec.value = *mean;
        return spec;
    }
    if (IsCall(text, "weibull", &args))
    {
        const auto scale = args.size() == 2 ? ParseTime(args[0], &why) : std::nullopt;
        double shape = 0;
        if (!scale || !scale->IsStrictlyPositive() || !ParseNumber(args[1], &shape) || shape <= 0)
        {
            return Fail<DurationSpec>(error,
                                      "invalid duration '" + text +
                                          "': the scale must "
                                          "be a positive time and the shape a positive "
                                          "number" +
                                          allowed);
        }
        spec.kind = DurationSpec::Kind::WEIBULL;
        spec.value = *scale;
        spec.shape = shape;
        return spec;
    }
    const auto fixed = ParseTime(text, &why);
    if (!fixed)
    {
        return Fail<DurationSpec>(error, "invalid duration '" + text + "'" + allowed);
    }
    spec.kind = DurationSpec::Kind::FIXED;
    spec.value = *fixed;
    return spec;
}

Ptr<RandomVariableStream>
CreateDurationVariable(const DurationSpec& spec)
{
    const double seconds = spec.value.GetSeconds();
    switch (spec.kind)
    {
    case DurationSpec::Kind::FIXED: {
        auto v = CreateObject<ConstantRandomVariable>();
        v->SetAttribute("Constant", DoubleValue(seconds));
        return v;
    }
    case DurationSpec::Kind::EXPONENTIAL: {
        auto v = CreateObject<ExponentialRandomVariable>();
        v->SetAttribute("Mean", DoubleValue(seconds));
        return v;
    }
    case DurationSpec::Kind::WEIBULL: {
        auto v = CreateObject<WeibullRandomVariable>();
        v->SetAttribute("Scale", DoubleValue(seconds));
        v->SetAttribute("Shape", DoubleValue(spec.shape));
        return v;
    }
    default:
        return nullptr;
    }
}

std::string
ArrivalSpec::ToString() const
{
    std::ostringstream os;
    switch (kind)
    {
    case Kind::FLASH:
        return "flash";
    case Kind::UNIFORM:
        os << "uniform(" << FormatTimeExactly(window) << ")";
        break;
    case Kind::POISSON:
        os << "poisson(" << FormatNumberExactly(rate) << ")";
        break;
    case Kind::FILE:
        os << "file(" << path << ")";
        break;
    }
    return os.str();
}

std::optional<ArrivalSpec>
ParseArrivalSpec(const std::string& raw, std::string* error)
{
    const std::string text = Trim(raw);
    const std::string allowed = "; expected flash, uniform(WINDOW), poisson(RATE per second) or "
                                "file(PATH)";
    ArrivalSpec spec;
    if (text == "flash")
    {
        return spec;
    }
    std::vector<std::string> args;
    std::string why;
    if (IsCall(text, "uniform", &args))
    {
        const auto window = args.size() == 1 ? ParseTime(args[0], &why) : std::nullopt;
        if (!window)
        {
            return Fail<ArrivalSpec>(error,
                                     "invalid arrivals '" + text +
                                         "': the window must "
                                         "be a time" +
                                         allowed);
        }
        spec.kind = ArrivalSpec::Kind::UNIFORM;
        spec.window = *window;
        return spec;
    }
    if (IsCall(text, "poisson", &args))
    {
        std::string rate = args.size() == 1 ? args[0] : "";
        if (rate.size() > 2 && rate.compare(rate.size() - 2, 2, "/s") == 0)
        {
            rate.resize(rate.size() - 2);
        }
        if (args.size() != 1 || !ParseNumber(rate, &spec.rate) || spec.rate <= 0 || spec.rate > 1e6)
        {
            return Fail<ArrivalSpec>(error,
                                     "invalid arrivals '" + text +
                                         "': the rate must be "
                                         "a positive number of arrivals per second, at "
                                         "most 1e6" +
                                         allowed);
        }
        spec.kind = ArrivalSpec::Kind::POISSON;
        return spec;
    }
    // The whole argument is the path: commas and parentheses may be part of it.
    if (IsCall(text, "file", &args) && !Trim(text.substr(5, text.size() - 6)).empty())
    {
        spec.kind = ArrivalSpec::Kind::FILE;
        spec.path = Trim(text.substr(5, text.size() - 6));
        std::ifstream in(spec.path);
        if (!in)
        {
            return Fail<ArrivalSpec>(error,
                                     "invalid arrivals '" + text + "': cannot read '" + spec.path +
                                         "'");
        }
        std::string line;
        for (uint32_t number = 1; std::getline(in, line); ++number)
        {
            line = Trim(line.substr(0, line.find('#')));
            double t = 0;
            if (line.empty())
            {
                continue;
            }
            if (!ParseNumber(line, &t) || t < 0)
            {
                return Fail<ArrivalSpec>(error,
                                         spec.path + ":" + std::to_string(number) +
                                             ": invalid join time '" + line +
                                             "'; expected seconds, 0 or more");
            }
            spec.times.push_back(t);
        }
        if (spec.times.empty())
        {
            return Fail<ArrivalSpec>(error,
                                     "invalid arrivals '" + text + "': '" + spec.path +
                                         "' lists no join time");
        }
        return spec;
    }
    return Fail<ArrivalSpec>(error, "invalid arrivals '" + text + "'" + allowed);
}

std::optional<std::vector<HostClass>>
ParseHostClasses(const std::string& raw, std::string* error)
{
    const std::string text = Trim(raw);
    std::vector<HostClass> classes;
    if (text.empty() || text == "none")
    {
        return classes;
    }
    const std::string allowed = "; expected NAME:SHARE:UP:DOWN joined by '+', e.g. "
                                "dsl:0.6:1Mbps:8Mbps + fibre:0.4:50Mbps:100Mbps";
    std::set<std::string> names;
    double total = 0;
    for (const auto& item : SplitPlus(text))
    {
        std::vector<std::string> fields;
        std::istringstream in(item);
        std::string field;
        while (std::getline(in, field, ':'))
        {
            fields.push_back(Trim(field));
        }
        HostClass c;
        std::string why;
        const auto up = fields.size() == 4 ? ParseDataRate(fields[2], &why) : std::nullopt;
        const auto down = fields.size() == 4 ? ParseDataRate(fields[3], &why) : std::nullopt;
        const bool nameOk =
            fields.size() == 4 && !fields[0].empty() &&
            std::all_of(fields[0].begin(), fields[0].end(), [](char ch) {
                return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
            });
        if (!nameOk || !ParseNumber(fields[1], &c.share) || c.share <= 0 || c.share > 1 || !up ||
            !down)
        {
            return Fail<std::vector<HostClass>>(error,
                                                "invalid host class '" + item + "'" + allowed);
        }
        if (!names.insert(fields[0]).second)
        {
            return Fail<std::vector<HostClass>>(error,
                                                "host class '" + fields[0] + "' is given twice");
        }
        c.name = fields[0];
        c.up = *up;
        c.down = *down;
        total += c.share;
        classes.push_back(c);
    }
    if (std::abs(total - 1) > 1e-6)
    {
        return Fail<std::vector<HostClass>>(error,
                                            "host classes '" + text +
                                                "': the shares add "
                                                "up to " +
                                                std::to_string(total) + ", not 1");
    }
    return classes;
}

std::vector<uint32_t>
AssignHostClasses(const std::vector<HostClass>& classes, uint32_t hosts)
{
    // Largest remainders: floor(share x N) each, then one more to the largest remainders.
    std::vector<uint32_t> counts(classes.size());
    std::vector<std::pair<double, uint32_t>> remainders;
    uint32_t given = 0;
    for (uint32_t c = 0; c < classes.size(); ++c)
    {
        const double exact = classes[c].share * hosts;
        counts[c] = static_cast<uint32_t>(std::floor(exact));
        given += counts[c];
        remainders.emplace_back(-(exact - counts[c]), c);
    }
    std::sort(remainders.begin(), remainders.end());
    for (uint32_t k = 0; given < hosts && k < remainders.size(); ++k, ++given)
    {
        ++counts[remainders[k].second];
    }
    std::vector<uint32_t> assignment;
    for (uint32_t c = 0; c < classes.size(); ++c)
    {
        assignment.insert(assignment.end(), counts[c], c);
    }
    assignment.resize(hosts, 0);
    return assignment;
}

bool
IsFreeRider(uint32_t i, uint32_t n, double share)
{
    if (n == 0 || share <= 0)
    {
        return false;
    }
    // Leecher i is the k-th free rider when the running count round((i + 1) x m / n) steps up:
    // m = round(share x n) of them, spread evenly.
    const double m = std::round(share * n);
    return std::floor((i + 1) * m / n) > std::floor(i * m / n);
}

std::optional<std::vector<LinkDownSpec>>
ParseLinkDowns(const std::string& raw, std::string* error)
{
    const std::string text = Trim(raw);
    std::vector<LinkDownSpec> outages;
    if (text.empty() || text == "none")
    {
        return outages;
    }
    const std::string allowed = "; expected HOST@DOWN-UP joined by '+', HOST server, tracker or "
                                "a host index, UP a later time or inf (server@30s-210s)";
    for (const auto& item : SplitPlus(text))
    {
        const auto at = item.find('@');
        const auto dash = item.find('-', at == std::string::npos ? 0 : at);
        LinkDownSpec o;
        std::string why;
        if (at == std::string::npos || dash == std::string::npos)
        {
            return Fail<std::vector<LinkDownSpec>>(error,
                                                   "invalid link outage '" + item + "'" + allowed);
        }
        o.host = Trim(item.substr(0, at));
        const std::string downText = Trim(item.substr(at + 1, dash - at - 1));
        const std::string upText = Trim(item.substr(dash + 1));
        const auto down = ParseTime(downText, &why);
        const auto up =
            upText == "inf" ? std::optional<Time>(Time::Max()) : ParseTime(upText, &why);
        std::string digits = o.host;
        const bool isIndex =
            !digits.empty() && digits.size() <= 9 &&
            std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
        if ((o.host != "server" && o.host != "tracker" && !isIndex) || !down || !up || *up <= *down)
        {
            return Fail<std::vector<LinkDownSpec>>(error,
                                                   "invalid link outage '" + item + "'" + allowed);
        }
        o.index = isIndex ? static_cast<uint32_t>(std::stoul(digits)) : 0;
        if (isIndex && o.index == 0)
        {
            return Fail<std::vector<LinkDownSpec>>(error,
                                                   "invalid link outage '" + item +
                                                       "': host 0 is the server; write "
                                                       "server" +
                                                       allowed);
        }
        o.down = *down;
        o.up = *up;
        outages.push_back(o);
    }
    return outages;
}

} // namespace ns3
