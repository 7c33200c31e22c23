import Foundation
import SonarflowTesting
import Testing

@testable import ModuleCatalogue

@Suite struct ModuleCatalogueTests {
  let catalogue = ModuleCatalogue.standard

  @Test func holdsEverySonarModuleOfMake() {
    let sonar = catalogue.modules.filter { $0.app == "Sonar" }.map(\.name)
    #expect(sonar.count == 16)
    #expect(
      Set(sonar) == [
        "sonar.watchNewCustomer", "sonar.watchCustomerStateChanged", "sonar.watchTagAdded", "sonar.watchTagRemoved",
        "sonar.watchOutboundMessage", "sonar.watchAssignedMessage", "sonar.watchUnassignedMessage",
        "sonar.getCustomer", "sonar.createOrUpdateCustomer", "sonar.unassignAgent", "sonar.closeCustomer",
        "sonar.deleteCustomerProperty", "sonar.sendMessage", "sonar.appendTag", "sonar.sendCampaign", "sonar.apiCall",
      ])
  }

  @Test func namesAreUnique() {
    #expect(Set(catalogue.names).count == catalogue.names.count)
  }

  /// The Sonar reference's table of Make's modules (../shared/reference/sonar-api.md §10, read in
  /// place): every module of Make's Sonar app is in the catalogue under Make's title, with the
  /// event, the API call and the Make fields the reference names.
  @Test func theSonarAppMatchesTheReferenceTable() throws {
    let reference = Fixture.repositoryRoot.deletingLastPathComponent()
      .appendingPathComponent("shared/reference/sonar-api.md")
    let text = try String(contentsOf: reference, encoding: .utf8)
    let section = try #require(text.components(separatedBy: "## 10. Make.com modules to API calls").last)
    let rows = section.components(separatedBy: "\n")
      .drop { !$0.hasPrefix("| Make module") }.dropFirst(2)
      .prefix { $0.hasPrefix("|") }
      .filter { !$0.hasPrefix("| (") }
      .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
    #expect(rows.count == 16)
    let sonar = catalogue.modules.filter { $0.app == "Sonar" }
    #expect(Set(rows.map { $0[0] }) == Set(sonar.map(\.label)))
    for row in rows {
      let (title, call) = (row[0], row[1])
      let spec = try #require(sonar.first { $0.label == title }, "no module titled '\(title)'")
      if let event = spec.sonarEvent {
        #expect(call.contains(event), "\(title): the reference's call '\(call)' names another event than \(event)")
      } else if !call.contains("path unknown"), let endpoint = call.firstMatch(of: /`((GET|POST|DELETE) [^` ]+)`/) {
        #expect(
          spec.apiCall?.hasPrefix(String(endpoint.output.1)) == true,
          "\(title): \(spec.apiCall ?? "no call") against the reference's \(endpoint.output.1)")
      }
      if let fields = call.firstMatch(of: /Make fields?: ([^)]*)\)/) {
        for label in fields.output.1.split(separator: ",") where !label.contains("e.g.") {
          let words = label.trimmingCharacters(in: .whitespaces).split(separator: " ").prefix(2).joined(separator: " ")
          #expect(
            spec.fields.contains { $0.label.hasPrefix(words) || words.hasPrefix($0.label) },
            "\(title) has no field for Make's '\(label)': \(spec.fields.map(\.label))")
        }
      }
    }
  }

  @Test func watchTriggersTakeAWebhookNameAndNameTheirEvent() {
    let watches = catalogue.modules.filter { $0.name.hasPrefix("sonar.watch") }
    #expect(watches.count == 7)
    for spec in watches {
      #expect(spec.kind == .instantTrigger)
      #expect(spec.params.map(\.name) == ["webhookName"])
      #expect(spec.params.first?.isRequired == true)
      #expect(spec.sonarEvent != nil)
    }
    #expect(Set(watches.compactMap(\.sonarEvent)).count == 7)
  }

  @Test func outputLookupFindsNestedFieldsAndNamesWhatExists() throws {
    let spec = try #require(catalogue["sonar.watchNewCustomer"])
    #expect(spec.output.lookup(["customer", "phone_number"]) == .found(.text))
    guard case .missing(let key, _, let available) = spec.output.lookup(["customer", "phone"]) else {
      Issue.record("expected a missing field")
      return
    }
    #expect(key == "phone")
    #expect(available.contains("phone_number"))
    #expect(spec.output.lookup(["customer", "properties", "anything"]) == .found(.any))
  }

  @Test func sendMessageNeedsTextOrMedia() throws {
    let spec = try #require(catalogue["sonar.sendMessage"])
    #expect(spec.requiresOneOf == [["text", "mediaUrl"]])
    #expect(spec.field(named: "phoneNumber")?.isRequired == true)
  }
}

@Suite struct ModuleRuntimeTests {
  let catalogue = ModuleCatalogue.standard

  @Test func triggersAndOnlyTriggersAreRunAsTriggers() {
    for spec in catalogue.modules {
      #expect(spec.kind.isTrigger == (spec.runtime == .trigger), "\(spec.name)")
    }
  }

  @Test func everyFlowToolIsDefinedOnceAndOnlyRoutersAndAggregatorsOfTheirKind() {
    let tools = catalogue.modules.compactMap(\.runtime.flowTool)
    #expect(tools.sorted { $0.rawValue < $1.rawValue } == FlowTool.allCases.sorted { $0.rawValue < $1.rawValue })
    for spec in catalogue.modules {
      switch spec.runtime.flowTool {
      case .router?: #expect(spec.kind == .router)
      case .arrayAggregator?, .textAggregator?, .numericAggregator?: #expect(spec.kind == .aggregator)
      case .iterator?: #expect(spec.kind == .iterator)
      default: #expect(spec.kind != .router && spec.kind != .aggregator && spec.kind != .iterator, "\(spec.name)")
      }
    }
  }

  @Test func aTimeoutReadFromAFieldNamesAFieldOfTheModule() {
    for spec in catalogue.modules {
      guard case .runner(.field(let name, _, _)) = spec.runtime else { continue }
      #expect(spec.field(named: name) != nil || spec.param(named: name) != nil, "\(spec.name)")
    }
  }
}
