import Basics
import ModuleCatalogue

/// Which Make module becomes which sonarflow module, and how their fields correspond: the one
/// table import and export both read.
struct ModuleMapping: Sendable {
  /// Make's module names; export writes the first.
  var makeNames: [String]
  var sonarflowName: String
  var version: Int
  var rules: [FieldRule]
  /// Make's whole mapper is one sonarflow field (an array aggregator's selected fields are its
  /// `value`).
  var wholeMapper: String?
  /// The trigger takes a sonarflow-only `webhookName`, made from Make's webhook label.
  var needsWebhookName: Bool = false

  static let directives: [String: String] = [
    "builtin:Ignore": "ignore", "builtin:Resume": "resume", "builtin:Commit": "commit",
    "builtin:Rollback": "rollback", "builtin:Break": "break",
  ]

  static let router = "builtin:BasicRouter"

  static let all: [ModuleMapping] = builtins + dataStores + sonar

  static func forMake(_ makeName: String) -> ModuleMapping? {
    all.first { mapping in mapping.makeNames.contains { $0.caseInsensitiveCompare(makeName) == .orderedSame } }
  }

  static func forSonarflow(_ name: String) -> ModuleMapping? {
    all.first { $0.sonarflowName == name }
  }

  private static let http: [FieldRule] = [
    .same(.mapper, "url", .map), .method(), .pairs("headers", "headers"),
    .flag(.mapper, "parseResponse", "parseResponse"),
  ]

  private static let builtins: [ModuleMapping] = [
    ModuleMapping(
      makeNames: ["gateway:CustomWebHook"], sonarflowName: "webhook.custom", version: 1, rules: [],
      needsWebhookName: true),
    ModuleMapping(makeNames: [router], sonarflowName: "flow.router", version: 1, rules: []),
    ModuleMapping(
      makeNames: ["builtin:BasicFeeder"], sonarflowName: "flow.iterator", version: 1,
      rules: [.same(.mapper, "array", .map)]),
    ModuleMapping(
      makeNames: ["builtin:BasicAggregator"], sonarflowName: "flow.arrayAggregator", version: 1,
      rules: [.wholeNumber(.parameters, "feeder", .params, "source", range: 1...Int.max, makeWritesText: false)],
      wholeMapper: "value"),
    ModuleMapping(
      makeNames: ["util:TextAggregator"], sonarflowName: "flow.textAggregator", version: 1,
      rules: [
        .wholeNumber(.parameters, "feeder", .params, "source", range: 1...Int.max, makeWritesText: false),
        .same(.mapper, "value", .map, "text"),
      ]),
    ModuleMapping(
      makeNames: ["util:SetVariable2"], sonarflowName: "util.setVariable", version: 1,
      rules: [.same(.mapper, "name", .map), .same(.mapper, "value", .map)]),
    ModuleMapping(
      makeNames: ["util:GetVariable2"], sonarflowName: "util.getVariable", version: 1,
      rules: [.same(.mapper, "name", .map)]),
    ModuleMapping(
      makeNames: ["util:FunctionSleep"], sonarflowName: "util.sleep", version: 1,
      rules: [.wholeNumber(.mapper, "duration", .map, "delay", range: 1...300, makeWritesText: true)]),
    ModuleMapping(
      makeNames: ["http:ActionSendData"], sonarflowName: "http.request", version: 3,
      rules: http + [
        .pairs("qs", "query"), .same(.mapper, "data", .map, "body"),
        .wholeNumber(.mapper, "timeout", .params, "timeout", range: 1...300, makeWritesText: true),
      ]),
    ModuleMapping(
      makeNames: ["http:MakeRequest"], sonarflowName: "http.request", version: 4,
      rules: http + [
        .pairs("queryParameters", "query"), .same(.mapper, "jsonStringBodyContent", .map, "body"),
        .wholeNumber(.mapper, "timeout", .params, "timeout", range: 1...300, makeWritesText: true),
      ]),
    ModuleMapping(
      makeNames: ["json:ParseJSON"], sonarflowName: "json.parse", version: 1, rules: [.same(.mapper, "json", .map)]),
  ]

  /// Make's Data store app, as far as its module names are known from real blueprints
  /// (`AddRecord`, `GetRecord`, `UpdateRecord`) and Make's documentation (`ExistRecord`). Make names
  /// a store by its numeric id; sonarflow by a name (`datastore-ID` on import).
  private static let dataStores: [ModuleMapping] = [
    ModuleMapping(
      makeNames: ["datastore:AddRecord"], sonarflowName: "datastore.addRecord", version: 1,
      rules: [
        .dataStore, .same(.mapper, "key", .map), .same(.mapper, "data", .map, "record"),
        .same(.mapper, "overwrite", .map),
      ]),
    ModuleMapping(
      makeNames: ["datastore:UpdateRecord"], sonarflowName: "datastore.updateRecord", version: 1,
      rules: [.dataStore, .same(.mapper, "key", .map), .same(.mapper, "data", .map, "record")]),
    ModuleMapping(
      makeNames: ["datastore:GetRecord"], sonarflowName: "datastore.getRecord", version: 1,
      rules: [.dataStore, .same(.mapper, "key", .map)]),
    ModuleMapping(
      makeNames: ["datastore:ExistRecord"], sonarflowName: "datastore.recordExists", version: 1,
      rules: [.dataStore, .same(.mapper, "key", .map)]),
  ]

  /// Make's module names for the Sonar app are not public: sonarflow assumes `sonar:` and the
  /// catalogue name (`sonar:sendMessage`), and also reads the display name (`sonar:Send a Message`,
  /// `sonar:SendAMessage`). Fields keep their names (sonarflow's field keys are Make's labels in
  /// lower camel case).
  private static let sonar: [ModuleMapping] = SonarModuleSpecs.all.map { spec in
    let suffix = spec.name.split(separator: ".", maxSplits: 1).last.map(String.init) ?? spec.name
    let label = spec.label
    let compact = label.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map {
      $0.prefix(1).uppercased() + $0.dropFirst()
    }
    .joined()
    return ModuleMapping(
      makeNames: ["sonar:\(suffix)", "sonar:\(label)", "sonar:\(compact)"], sonarflowName: spec.name, version: 1,
      rules: spec.fields.map { FieldRule.same(.mapper, $0.name, .map) }, needsWebhookName: spec.kind.isTrigger)
  }
}
