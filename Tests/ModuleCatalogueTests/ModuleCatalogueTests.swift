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

  @Test(arguments: [
    (
      "sonar.createOrUpdateCustomer",
      [
        "phoneNumber", "firstName", "lastName", "email", "properties", "pictureUrl", "subscribed", "userEmail",
        "zipCode", "timezone",
      ]
    ),
    ("sonar.sendMessage", ["phoneNumber", "text", "mediaUrl", "tagNames"]),
    ("sonar.deleteCustomerProperty", ["phoneNumber", "propertyName"]),
    ("sonar.appendTag", ["externalMessageId", "tagName"]),
    ("sonar.sendCampaign", ["campaignId", "to", "sendAt"]),
    ("sonar.apiCall", ["url", "method", "headers", "query", "body"]),
    ("sonar.getCustomer", ["phoneNumber"]),
    ("sonar.unassignAgent", ["phoneNumber"]),
    ("sonar.closeCustomer", ["phoneNumber"]),
  ])
  func sonarActionsCarryMakesFields(name: String, fields: [String]) throws {
    let spec = try #require(catalogue[name])
    #expect(spec.fields.map(\.name) == fields)
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
