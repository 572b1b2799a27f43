// SPDX-License-Identifier: GPL-2.0-only

#include "string-choice-checker.h"

#include "ns3/string.h"

#include <algorithm>

namespace ns3
{

namespace
{

/// A StringChecker that also requires the text to be one of a fixed list.
class StringChoiceChecker : public StringChecker
{
  public:
    /// \param choices the accepted values
    explicit StringChoiceChecker(std::vector<std::string> choices)
        : m_choices(std::move(choices))
    {
    }

    bool Check(const AttributeValue& value) const override
    {
        const auto* text = dynamic_cast<const StringValue*>(&value);
        return text != nullptr &&
               std::find(m_choices.begin(), m_choices.end(), text->Get()) != m_choices.end();
    }

    std::string GetValueTypeName() const override
    {
        return "ns3::StringValue";
    }

    bool HasUnderlyingTypeInformation() const override
    {
        return true;
    }

    std::string GetUnderlyingTypeInformation() const override
    {
        std::string list;
        for (const auto& choice : m_choices)
        {
            list += (list.empty() ? "" : "|") + choice;
        }
        return list;
    }

    Ptr<AttributeValue> Create() const override
    {
        return ns3::Create<StringValue>();
    }

    bool Copy(const AttributeValue& source, AttributeValue& destination) const override
    {
        const auto* from = dynamic_cast<const StringValue*>(&source);
        auto* to = dynamic_cast<StringValue*>(&destination);
        if (from == nullptr || to == nullptr)
        {
            return false;
        }
        *to = *from;
        return true;
    }

  private:
    std::vector<std::string> m_choices; //!< the accepted values, in listing order
};

} // namespace

Ptr<const AttributeChecker>
MakeStringChoiceChecker(std::vector<std::string> choices)
{
    return Create<StringChoiceChecker>(std::move(choices));
}

} // namespace ns3
