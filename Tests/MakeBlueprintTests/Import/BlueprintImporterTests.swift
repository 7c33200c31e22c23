import Basics
import Foundation
import MakeBlueprint
import ScenarioModel
import SonarflowTesting
import Testing

/// Import of the focused blueprint holding every construct (Tests/Fixtures/make/every-construct.json).
@Suite struct BlueprintImporterTests {
  let trip: RoundTrip
  let scenario: Scenario

  init() throws {
    trip = try RoundTrip(try Fixture.text("make/every-construct.json"), path: "every-construct.yaml")
    scenario = try #require(trip.validation.scenario)
  }

  private func module(_ id: Int) throws -> FlowModule {
    try #require(scenario.allModules.first { $0.id.value == id })
  }

  private func text(_ node: YAMLNode?) -> String? { node?.scalar?.value }

  @Test func theOnlyValidateErrorIsTheUnsupportedModuleAtItsPosition() throws {
    let errors = trip.errors
    #expect(errors.map(\.id) == ["module.makeUnsupported"], "\(errors.map(\.message))")
    let error = try #require(errors.first)
    #expect(
      error.message
        == "Make module 'google-sheets:addRow' (app 'google-sheets') was imported as unsupported: sonarflow cannot run it here"
    )
    #expect(error.fixHint?.contains("http.request") == true)
    let sheet = try module(11)
    #expect(error.location == sheet.module.location)
    let line = trip.imported.yaml.split(separator: "\n", omittingEmptySubsequences: false)[
      sheet.module.location.line - 1]
    #expect(line.contains("module: \"make.unsupported\""))
  }

  @Test func theTriggerIsTheCustomWebhookNamedAfterItsMakeLabel() {
    #expect(scenario.trigger.module.value == "webhook.custom")
    #expect(scenario.trigger.params?["webhookName"]?.scalar?.value == "orders-from-the-shop")
  }

  @Test func modulesMapToTheCatalogueWithTheirFields() throws {
    #expect(try module(2).module.value == "flow.iterator")
    #expect(text(try module(2).map?["array"]) == "{{1.items}}")
    #expect(try module(2).name == "Each item")
    #expect(try module(3).module.value == "util.setVariable")
    let aggregator = try module(4)
    #expect(aggregator.module.value == "flow.arrayAggregator")
    #expect(aggregator.params?["source"]?.scalar?.resolved == .int(2))
    #expect(text(aggregator.map?["value"]?.mapping?["qty"]) == "{{2.qty}}")
    let http = try module(5)
    #expect(http.module.value == "http.request")
    #expect(text(http.map?["method"]) == "POST")
    #expect(text(http.map?["headers"]?.sequence?.items.first?.mapping?["key"]) == "X-Trace")
    #expect(http.params?["timeout"]?.scalar?.resolved == .int(30))
    #expect(http.params?["parseResponse"]?.scalar?.resolved == .bool(true))
    #expect(try module(9).module.value == "json.parse")
    #expect(try module(13).module.value == "util.sleep")
    #expect(try module(13).map?["delay"]?.scalar?.resolved == .int(5))
    #expect(try module(14).module.value == "http.request")
    #expect(text(try module(14).map?["query"]?.sequence?.items.first?.mapping?["value"]) == "{{1.orderId}}")
    #expect(try module(15).module.value == "util.getVariable")
  }

  @Test func filtersKeepEveryGroupAndOperator() throws {
    let filter = try #require(try module(3).filter)
    #expect(filter.name == "Paid or big")
    #expect(filter.conditions.map { $0.map(\.op.value) } == [["text:equal:ci"], ["number:greater", "exist"]])
    #expect(filter.conditions[1][1].b == nil)
  }

  @Test func routesTakeTheirFirstModulesFilterAndTheElseRouteIsTheFallback() throws {
    let router = try module(8)
    #expect(router.module.value == "flow.router")
    #expect(router.routes.map(\.isFallback) == [false, false, true])
    #expect(router.routes[0].filter?.name == "Has data")
    #expect(router.routes[0].flow.first?.filter == nil)
    #expect(router.routes[1].filter?.name == "Sheet")
  }

  @Test func errorHandlersKeepTheirModulesAndDirectives() throws {
    let http = try #require(try module(5).onError)
    #expect(http.flow.map(\.id.value) == [6])
    #expect(http.directive.value == .break)
    #expect(http.retry?.attempts == 4)
    #expect(http.retry?.interval == .seconds(120))
    let parse = try #require(try module(9).onError)
    #expect(parse.directive.value == .resume)
    #expect(parse.output?["ok"]?.scalar?.value == "false")
    #expect(try module(11).onError?.directive.value == .ignore)
    #expect(try module(14).onError?.directive.value == .ignore)
  }

  @Test func settingsComeFromTheScenarioMetadata() {
    #expect(scenario.settings.storeIncomplete)
    #expect(scenario.settings.autoCommit)
    #expect(scenario.settings.maxConsecutiveErrors == 3)
  }

  @Test func theReportSaysWhatWasExactAdaptedAndUnsupported() throws {
    let report = trip.imported.report
    let http = try #require(report.modules.first { $0.id == 5 })
    #expect(http.status == .adapted)
    #expect(http.fields.first { $0.name == "mapper.url" }?.status == .exact)
    #expect(http.fields.first { $0.name == "mapper.method" }?.status == .adapted)
    #expect(http.fields.first { $0.name == "mapper.gzip" }?.status == .unsupported)
    #expect(report.modules.first { $0.id == 2 }?.status == .exact)
    #expect(report.modules.first { $0.id == 11 }?.status == .unsupported)
    #expect(report.human.contains("module 11 google-sheets:addRow -> make.unsupported: unsupported"))
    #expect(report.json.objectValue?["modules"]?.arrayValue?.isEmpty == false)
  }

  /// Module references, nested functions, templates inside long texts with quotes and new lines,
  /// and Make's pick/map forms are copied byte for byte, both ways.
  @Test func expressionsSurviveByteForByte() throws {
    let body = try #require(try module(5).map?["body"]?.scalar?.value)
    let original = try #require(
      trip.original["flow"]?.arrayValue?[4].objectValue?["mapper"]?.objectValue?["data"])
    #expect(JSONValue.string(body) == original)
    #expect(body.contains("{{join(map(4.array; \"name\"); \", \")}}"))
    #expect(body.contains("{{pick(1; \"a\").a}}"))
    let exported = trip.exported["flow"]?.arrayValue?[4].objectValue?["mapper"]?.objectValue?["data"]
    #expect(exported == original)
  }

  @Test func theBlueprintComesBackJSONEqual() throws {
    #expect(firstDifference(trip.exported["flow"] ?? .null, try #require(trip.original["flow"])) == nil)
    #expect(firstDifference(trip.exported["metadata"] ?? .null, try #require(trip.original["metadata"])) == nil)
  }

  /// Characters YAML would read as line breaks or a byte-order mark, control characters, quotes,
  /// and numbers written as text keep their exact value through YAML.
  @Test func awkwardTextAndNumbersSurviveTheYAML() throws {
    let awkward = #"a\u2028b\u2029c\u0085d\ufeffe\u007f\u0001\t\"q\" \\ {{1.x}} ünï"#
    let text = """
      {"name": "Awkward", "flow": [
        {"id": 1, "module": "gateway:CustomWebHook", "version": 1, "parameters": {}, "mapper": {}, "metadata": {"designer": {"x": 0, "y": 0}}},
        {"id": 2, "module": "slack:CreateMessage", "version": 4, "parameters": {"n": 1.50, "e": 1e3, "big": 12345678901234567890},
         "mapper": {"text": "\(awkward)", "true": "true", "3": "3", "null": null, "": ""}, "metadata": {"designer": {"x": 1, "y": 2}}}
      ], "metadata": {"version": 1}}
      """
    let trip = try RoundTrip(text)
    let original = try #require(trip.original["flow"]?.arrayValue?[1].objectValue)
    let exported = try #require(trip.exported["flow"]?.arrayValue?[1].objectValue)
    #expect(exported["mapper"] == original["mapper"])
    #expect(exported["parameters"] == original["parameters"])  // the number text as written
  }

  @Test func theWrittenScenarioReadsBackWithoutParserErrors() throws {
    let parsed = ScenarioParser.parse(SourceFile(path: "x.yaml", text: trip.imported.yaml))
    #expect(parsed.diagnostics.isEmpty)
  }
}

/// Make's four blueprint wrappers, and input that is not a blueprint.
@Suite struct BlueprintEnvelopeTests {
  let bare =
    #"{"name": "Wrapped", "flow": [{"id": 1, "module": "gateway:CustomWebHook", "version": 1, "parameters": {"hook": 5}, "mapper": {}, "metadata": {"designer": {"x": 0, "y": 0}}}], "metadata": {"version": 1}}"#

  @Test func everyWrapperGivesTheSameFlow() throws {
    let quoted = String(decoding: Array(JSONValue.string(bare).serialized.utf8), as: UTF8.self)
    let wrappers = [
      bare,
      #"{"code": "OK", "response": {"blueprint": \#(bare), "scheduling": {"type": "immediately"}}}"#,
      #"{"blueprint": \#(bare.replacingOccurrences(of: #""name": "Wrapped", "#, with: "")), "controller": {"name": "Wrapped"}, "language": "en"}"#,
      #"{"blueprint": \#(quoted)}"#,
      bare.replacingOccurrences(of: #"{"name""#, with: #"{"_public_note": "kept", "name""#),
    ]
    for text in wrappers {
      let trip = try RoundTrip(text)
      #expect(trip.exported["name"] == "Wrapped", "\(text)")
      #expect(trip.exported["flow"]?.isJSONEqual(to: try #require(trip.original["flow"])) == true, "\(text)")
      #expect(trip.validation.diagnostics.filter { $0.severity == .error }.isEmpty, "\(text)")
    }
  }

  @Test(arguments: [
    ("{", "the blueprint is not valid JSON"),
    ("[]", "not a Make blueprint: the file holds a list"),
    (#"{"name": "x"}"#, "not a Make blueprint: no 'flow'"),
    (#"{"name": "x", "flow": [], "metadata": {}}"#, "not a Make blueprint: 'flow' is empty"),
    (
      #"{"name": "x", "flow": [{"module": "gateway:CustomWebHook"}]}"#, "module at flow[0] has no positive integer 'id'"
    ),
  ])
  func notABlueprintIsAClearError(text: String, message: String) {
    #expect(throws: BlueprintError.self) { try BlueprintImporter.convert(text) }
    do {
      _ = try BlueprintImporter.convert(text)
    } catch {
      #expect(error.message.hasPrefix(message), "\(error.message)")
    }
  }
}

/// Make's names for the Sonar app are assumed (docs/make-import.md): `sonar:` and the catalogue
/// name, or the catalogue's display name, in any case.
@Suite struct SonarModuleNameTests {
  @Test(arguments: [
    ("sonar:sendMessage", "sonar.sendMessage"), ("sonar:Send a Message", "sonar.sendMessage"),
    ("sonar:SendAMessage", "sonar.sendMessage"), ("SONAR:GETCUSTOMER", "sonar.getCustomer"),
    ("sonar:sendSomething", "make.unsupported"),
  ])
  func makeNamesMapToTheCatalogue(makeName: String, sonarflowName: String) throws {
    let text = """
      {"name": "Sonar", "flow": [
        {"id": 1, "module": "sonar:watchNewCustomer", "version": 1, "parameters": {}, "mapper": {}, "metadata": {}},
        {"id": 2, "module": "\(makeName)", "version": 1, "parameters": {},
         "mapper": {"phoneNumber": "{{1.customer.phone_number}}", "text": "Hi"}, "metadata": {}}
      ], "metadata": {"version": 1}}
      """
    let trip = try RoundTrip(text)
    let scenario = try #require(trip.validation.scenario)
    #expect(scenario.trigger.module.value == "sonar.watchNewCustomer")
    #expect(scenario.flow.first?.module.value == sonarflowName)
    #expect(trip.exported["flow"]?.arrayValue?[1].objectValue?["module"] == .string(makeName))
    #expect(firstDifference(trip.exported["flow"] ?? .null, try #require(trip.original["flow"])) == nil)
  }
}
