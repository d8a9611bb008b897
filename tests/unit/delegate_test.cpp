#include <doctest/doctest.h>

#include <qicase/delegate/delegate.hpp>

#include "helpers.hpp"

using namespace qicase;

TEST_CASE("delegate: names match without regard to case or runs of spaces, and nothing else")
{
  CHECK(delegate::normalise("  Acme   Medical\tGroup ") == "acme medical group");
  CHECK(delegate::normalise("ACME MEDICAL GROUP (IPA)") == "acme medical group (ipa)");
  CHECK(delegate::normalise("") == "");

  delegate::Registry reg;
  delegate::Delegate acme;
  acme.id = "acme";
  acme.name = "Acme Medical Group";
  acme.aliases = {"Acme Medical Group (IPA)"};
  delegate::Delegate bayside;
  bayside.id = "bayside";
  bayside.name = "Bayside Physicians Network";
  reg.entries = {acme, bayside};
  for (std::size_t i = 0; i < reg.entries.size(); ++i) {
    reg.name_index.emplace(delegate::normalise(reg.entries[i].name), i);
    for (const auto& a : reg.entries[i].aliases) {
      reg.name_index.emplace(delegate::normalise(a), i);
    }
  }
  REQUIRE(reg.by_name("acme  medical group (IPA)") != nullptr);
  CHECK(reg.by_name("acme  medical group (IPA)")->id == "acme");
  CHECK(reg.by_name("Acme Medical") == nullptr); // a part of a name is not a name
  CHECK(reg.by_id("bayside")->name == "Bayside Physicians Network");
  CHECK(reg.by_id("Bayside") == nullptr); // ids are exact
  CHECK(reg.names().size() == 3);
}

TEST_CASE("delegate: a registry entry is read with its problems at their place")
{
  auto doc = test::doc(R"(kind: delegate
id: acme
name: Acme Medical Group
aliases: Acme MG
type: ipa
functions: [credentialing, billing]
agreement: {effective: 2024-01-01, ends: 2023-12-31}
oversight: {cycle: annual, committee: DOC}
contacts:
  - {name: Dana Ruiz, role: Credentialing Manager}
  - {role: no name}
)");
  Diagnostics diags;
  const auto d = delegate::read(*doc, diags);
  CHECK(d.name == "Acme Medical Group");
  CHECK(d.aliases == std::vector<std::string>{"Acme MG"}); // one text is a list of one
  CHECK(d.functions == std::vector<std::string>{"credentialing"});
  CHECK(d.cycle == "annual");
  CHECK(d.contacts.size() == 2);
  CHECK(test::where(diags)
        == std::vector<std::string>{"6:28 field.choice", "7:42 delegate.agreement", "11:5 field.required"});
}

TEST_CASE("delegate: a contact that is not a mapping is named by its place in the list")
{
  auto doc = test::doc("kind: delegate\nid: acme\nname: Acme\ncontacts:\n  - {name: Pat Lee}\n"
                       "  - just a name\n  - [x]\n");
  Diagnostics diags;
  const auto d = delegate::read(*doc, diags);
  CHECK(d.contacts.size() == 1); // the ones that could not be read are left out
  REQUIRE(diags.items().size() == 2);
  CHECK(diags.items()[0].message.starts_with("contact 2 must be a mapping"));
  CHECK(diags.items()[1].message.starts_with("contact 3 must be a mapping"));
  CHECK(test::where(diags) == std::vector<std::string>{"6:5 field.type", "7:5 field.type"});
}
