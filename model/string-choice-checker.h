// SPDX-License-Identifier: GPL-2.0-only

#ifndef FILE_DISTRIBUTION_STRING_CHOICE_CHECKER_H
#define FILE_DISTRIBUTION_STRING_CHOICE_CHECKER_H

#include "ns3/attribute.h"
#include "ns3/ptr.h"

#include <string>
#include <vector>

/**
 * \file
 * \ingroup file-distribution
 * An attribute checker for a StringValue that must be one of a few words.
 */

namespace ns3
{

/**
 * \ingroup file-distribution
 * \brief Makes a checker that accepts a StringValue only if it is one of \p choices.
 *
 * ns-3's MakeStringChecker() accepts any text, so a misspelt value given with
 * Config::SetDefault or on the command line (--ns3::Type::Attribute=value) would be stored and
 * then silently ignored by the object. With this checker ns-3 refuses it where it is given: the
 * command line reports the argument and exits with code 1, SetAttributeFailSafe returns false.
 * --PrintAttributes lists the choices. (EnumValue would check too, but its API changed in
 * ns-3.41; a StringValue attribute reads the same in every version.)
 *
 * \param choices the accepted values, in the order --PrintAttributes lists them
 * \return the checker
 */
Ptr<const AttributeChecker> MakeStringChoiceChecker(std::vector<std::string> choices);

} // namespace ns3

#endif // FILE_DISTRIBUTION_STRING_CHOICE_CHECKER_H
