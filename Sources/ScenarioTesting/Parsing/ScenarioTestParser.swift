import Basics
import Emulator
import Engine
package import Expressions
package import Foundation
import History
import ModuleCatalogue
package import ScenarioModel

/// Reads a test file into a ``ScenarioTestFile``, or says what is wrong and where: unknown keys
/// (with the nearest known one), values of the wrong kind, mocks and expectations on modules the
/// scenario does not have. Positions are the test file's `file:line:column`, like `validate`.
package enum ScenarioTestParser {
  /// What reading a test file gave: the file, when it could be read, and every problem found.
  package struct Output: Sendable {
    package var file: ScenarioTestFile?
    package var diagnostics: [Diagnostic]
    package var source: SourceFile?
  }

  /// The `now` of a test that sets none, so runs repeat exactly.
  package static let defaultNow = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

  /// Reads `path`; the scenario is the file the `scenario:` key names (relative to the test file),
  /// else `<name>.yaml` beside `<name>.test.yaml`.
  package static func parse(contentsOf path: String) -> Output {
    let start = SourceLocation(file: path, line: 1, column: 1)
    guard let data = FileManager.default.contents(atPath: path) else {
      return Output(
        diagnostics: [
          Diagnostic(id: "test.unreadable", location: start, message: "cannot read the test file '\(path)'")
        ])
    }
    switch YAMLReader.text(of: data, path: path) {
    case .failure(let diagnostic): return Output(diagnostics: [diagnostic])
    case .success(let text): return parse(SourceFile(path: path, text: text))
    }
  }

  package static func parse(_ source: SourceFile) -> Output {
    let root: YAMLNode
    switch YAMLReader.read(source) {
    case .failure(let diagnostic): return Output(diagnostics: [diagnostic], source: source)
    case .success(let node): root = node
    }
    var reader = Reader()
    let file = reader.file(root, source: source)
    return Output(file: reader.diagnostics.isEmpty ? file : nil, diagnostics: reader.diagnostics, source: source)
  }

  /// Checks a parsed file against the scenario it tests: mocks and expectations must name modules
  /// the scenario has, and mocks only modules that have a runner to stand in for.
  package static func check(_ file: ScenarioTestFile, against scenario: Scenario) -> [Diagnostic] {
    var modules: [Int: FlowModule] = [:]
    for module in scenario.allModules { modules[module.id.value] = module }
    let known = modules.keys.sorted().map(String.init)
    var diagnostics: [Diagnostic] = []
    func unknown(_ id: Int, _ location: SourceLocation, _ what: String) {
      diagnostics.append(
        Diagnostic(
          id: "test.unknownModule", location: location,
          message: "\(what) module \(id), which scenario '\(scenario.name.value)' does not have",
          fixHint: "Its modules are \(known.joined(separator: ", ")) (1 is the trigger)."))
    }
    for testCase in file.cases {
      for (id, mock) in testCase.mocks.sorted(by: { $0.key < $1.key }) {
        guard let module = modules[id] else {
          unknown(id, mock.location, "a mock names")
          continue
        }
        if let spec = ModuleCatalogue.standard[module.module.value], !spec.runtime.needsRunner {
          diagnostics.append(
            Diagnostic(
              id: "test.unmockableModule", location: mock.location,
              message: "module \(id) (\(module.module.value)) is run by the interpreter itself and cannot be mocked",
              fixHint:
                "Mock the modules that call out (Sonar, HTTP, sleep, JSON), and give the trigger bundles instead."
            ))
        }
      }
      for expectation in testCase.expectations {
        if let id = expectation.moduleID, id != 1, modules[id] == nil {
          unknown(id, expectation.location, "an expectation names")
        }
        if case .routes(let id, let names, let places) = expectation.kind, let module = modules[id] {
          guard !module.routes.isEmpty else {
            diagnostics.append(
              Diagnostic(
                id: "test.notARouter", location: expectation.location,
                message: "module \(id) (\(module.module.value)) is not a router, so it takes no routes"))
            continue
          }
          let known = RouteUse.labels(of: module)
          for (name, place) in zip(names, places) where !known.contains(name) {
            diagnostics.append(
              Diagnostic(
                id: "test.unknownRoute", location: place, message: "router \(id) has no route '\(name)'",
                fixHint: Suggestion.didYouMean(name, in: known) ?? "Its routes are \(known.joined(separator: ", ")).")
            )
          }
        }
      }
    }
    return diagnostics
  }
}

extension Expectation {
  /// The module an expectation is about, if any.
  var moduleID: Int? {
    switch kind {
    case .called(let id, _), .input(let id, _, _), .output(let id, _, _), .filtered(let id, _), .error(let id, _, _),
      .routes(let id, _, _):
      id
    case .status, .messages, .customer, .dataStoreRecord, .condition: nil
    }
  }
}

/// The walk over a test file's YAML, collecting diagnostics as it goes.
private struct Reader {
  var diagnostics: [Diagnostic] = []

  mutating func error(_ id: String, _ location: SourceLocation, _ message: String, hint: String? = nil) {
    diagnostics.append(Diagnostic(id: id, location: location, message: message, fixHint: hint))
  }

  /// The entries of `node` as a mapping with only `allowed` keys (others are reported); nil when
  /// `node` is not a mapping.
  mutating func mapping(_ node: YAMLNode, _ what: String, allowed: [String]) -> YAMLMapping? {
    guard let mapping = node.mapping else {
      error("test.notAMapping", node.location, "\(what) must be a mapping, not \(node.kindDescription)")
      return nil
    }
    for entry in mapping.entries where !allowed.contains(entry.key.value) {
      error(
        "test.unknownKey", entry.key.location, "unknown key '\(entry.key.value)' in \(what)",
        hint: Suggestion.didYouMean(entry.key.value, in: allowed) ?? "Known keys: \(allowed.joined(separator: ", ")).")
    }
    return mapping
  }

  mutating func file(_ root: YAMLNode, source: SourceFile) -> ScenarioTestFile? {
    guard let top = mapping(root, "a test file", allowed: ["scenario", "now", "timezone", "tests"]) else {
      return nil
    }
    var scenarioPath = Self.besideScenario(of: source.path)
    var scenarioLocation: SourceLocation?
    if let node = top["scenario"] {
      if let text = text(node, "'scenario'") {
        let base = (source.path as NSString).deletingLastPathComponent
        scenarioPath = text.hasPrefix("/") || base.isEmpty ? text : base + "/" + text
        scenarioLocation = node.location
      }
    }
    let fileNow = top["now"].flatMap { date($0, "'now'") } ?? ScenarioTestParser.defaultNow
    let fileZone = top["timezone"].flatMap { timeZone($0) }
    guard let testsNode = top["tests"] else {
      error(
        "test.missingTests", root.location, "a test file needs a 'tests' list",
        hint: "Add `tests:` with one case per item, each with a `name`.")
      return nil
    }
    guard let items = testsNode.sequence?.items else {
      error("test.notAList", testsNode.location, "'tests' must be a list of cases, not \(testsNode.kindDescription)")
      return nil
    }
    var names: [String: SourceLocation] = [:]
    var cases: [ScenarioTestCase] = []
    for item in items {
      guard var testCase = self.testCase(item, now: fileNow) else { continue }
      if testCase.timeZone == nil { testCase.timeZone = fileZone }
      if let first = names[testCase.name] {
        diagnostics.append(
          Diagnostic(
            id: "test.duplicateName", location: testCase.location, message: "a second case named '\(testCase.name)'",
            fixHint: "Give every case its own name.",
            notes: [Diagnostic.Note(location: first, message: "first named here")]))
      }
      names[testCase.name] = testCase.location
      cases.append(testCase)
    }
    return ScenarioTestFile(
      source: source, scenarioPath: scenarioPath, scenarioLocation: scenarioLocation, cases: cases)
  }

  /// `welcome.test.yaml` → `welcome.yaml`.
  static func besideScenario(of path: String) -> String {
    for suffix in [".test.yaml", ".test.yml"] where path.hasSuffix(suffix) {
      return String(path.dropLast(suffix.count)) + ".yaml"
    }
    return path
  }

  mutating func testCase(_ node: YAMLNode, now fileNow: Date) -> ScenarioTestCase? {
    guard
      let entries = mapping(
        node, "a test case",
        allowed: [
          "name", "trigger", "world", "dataStores", "faults", "now", "timezone", "http", "mocks", "expect",
        ])
    else { return nil }
    guard let nameNode = entries["name"], let name = text(nameNode, "'name'") else {
      if entries["name"] == nil { error("test.missingName", node.location, "a test case needs a 'name'") }
      return nil
    }
    var trigger: [Value]?
    if let node = entries["trigger"] {
      switch node {
      case .mapping: trigger = [Value(yaml: node)]
      case .sequence(let list):
        trigger = list.items.map { Value(yaml: $0) }
        for item in list.items where item.mapping == nil {
          error("test.badTrigger", item.location, "each trigger bundle must be a mapping, not \(item.kindDescription)")
        }
      default:
        error("test.badTrigger", node.location, "'trigger' must be a bundle (a mapping) or a list of bundles")
      }
    }
    var world = EmulatorStateFile.empty
    if let node = entries["world"] {
      if node.mapping == nil {
        error("test.notAMapping", node.location, "'world' must be a mapping (customers, tags, campaigns, account)")
      } else {
        do {
          world = try EmulatorStateFile(json: Array(Value(yaml: node).jsonText().utf8))
        } catch {
          self.error(
            "test.badWorld", node.location, "'world' is not a state the emulator can start from: \(error)",
            hint: "docs/emulator.md describes the state: account, customers, tags, campaigns.")
        }
      }
    }
    var faults: [JSONObject] = []
    if let node = entries["faults"] {
      for item in node.sequence?.items ?? [] {
        guard item.mapping != nil, case .object(let fault) = Value(yaml: item).json else {
          error("test.badFault", item.location, "a fault must be a mapping (status, path, count, …)")
          continue
        }
        if let problem = FaultCheck.problem(with: fault) {
          error(
            "test.badFault", item.location, "the emulator does not take this fault: \(problem)",
            hint:
              "docs/emulator.md lists the fault keys: status, retry_after, latency_ms, drop, phase, count, path, method."
          )
          continue
        }
        faults.append(fault)
      }
      if node.sequence == nil { error("test.notAList", node.location, "'faults' must be a list of faults") }
    }
    let now = entries["now"].flatMap { date($0, "'now'") } ?? fileNow
    let zone = entries["timezone"].flatMap { timeZone($0) }
    var stubs: [HTTPStub] = []
    if let node = entries["http"] {
      if let items = node.sequence?.items {
        stubs = items.compactMap { httpStub($0) }
      } else {
        error("test.notAList", node.location, "'http' must be a list of stubbed answers (url, status, body, …)")
      }
    }
    var mocks: [Int: ModuleMock] = [:]
    if let node = entries["mocks"], let list = mapping(node, "'mocks'", allowed: node.mapping?.keys ?? []) {
      for entry in list.entries {
        guard let id = moduleID(entry.key) else { continue }
        if let mock = self.mock(entry.value) { mocks[id] = mock }
      }
    }
    var seeds: [DataStoreSeed] = []
    if let node = entries["dataStores"] {
      for (store, key, record) in dataStoreRecords(node) {
        guard let fields = record.mapping else {
          error(
            "test.badRecord", record.location,
            "the record '\(key)' of data store '\(store)' must be a mapping of its fields, not \(record.kindDescription)"
          )
          continue
        }
        seeds.append(
          DataStoreSeed(
            store: store, key: key, fields: fields.entries.map { ($0.key.value, Value(yaml: $0.value)) },
            location: record.location))
      }
    }
    var expectations: [Expectation] = []
    if let node = entries["expect"] { expectations = expect(node) }
    return ScenarioTestCase(
      name: name, location: nameNode.location, trigger: trigger, world: world, now: now, timeZone: zone, http: stubs,
      mocks: mocks, faults: faults, dataStores: seeds, expectations: expectations)
  }

  /// `STORE: { KEY: RECORD, … }, …`: every record node with its store and key, in file order.
  mutating func dataStoreRecords(_ node: YAMLNode) -> [(store: String, key: String, record: YAMLNode)] {
    guard let stores = mapping(node, "'dataStores'", allowed: node.mapping?.keys ?? []) else { return [] }
    var records: [(store: String, key: String, record: YAMLNode)] = []
    for store in stores.entries {
      guard let keys = mapping(store.value, "data store '\(store.key.value)'", allowed: store.value.mapping?.keys ?? [])
      else { continue }
      for entry in keys.entries { records.append((store.key.value, entry.key.value, entry.value)) }
    }
    return records
  }

  /// `{ method?, url, status?, headers?, body? }`, `url` exact or `{ matches: REGEX }`.
  mutating func httpStub(_ node: YAMLNode) -> HTTPStub? {
    guard
      let fields = mapping(node, "an HTTP stub", allowed: ["method", "url", "status", "headers", "body"])
    else { return nil }
    var method: String?
    if let node = fields["method"], let text = text(node, "'method'") {
      let known = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
      if known.contains(text.uppercased()) {
        method = text.uppercased()
      } else {
        error(
          "test.badMethod", node.location, "unknown HTTP method '\(text)'",
          hint: "Use one of \(known.joined(separator: ", ")), or leave 'method' out to answer any.")
      }
    }
    guard let urlNode = fields["url"] else {
      error(
        "test.stubWithoutURL", node.location, "an HTTP stub needs the 'url' it answers",
        hint: "Give the whole URL (query included), or `url: { matches: REGEX }`.")
      return nil
    }
    let url: HTTPStub.URLPattern
    if let pattern = urlNode.mapping {
      guard pattern.entries.count == 1, let entry = pattern.entry("matches") else {
        error(
          "test.badStubURL", urlNode.location, "'url' is the whole URL or `{ matches: REGEX }`",
          hint: "Write `url: https://example.com/api` or `url: { matches: \"^https://example\\\\.com/\" }`.")
        return nil
      }
      guard let regex = text(entry.value, "'matches'") else { return nil }
      if (try? Regex(regex)) == nil {
        error("test.badPattern", entry.value.location, "'\(regex)' is not a valid regular expression")
        return nil
      }
      url = .matches(regex)
    } else {
      guard let text = text(urlNode, "'url'") else { return nil }
      url = .exact(text)
    }
    var status = 200
    if let node = fields["status"], let number = integer(node, "'status'") {
      if (100...599).contains(number) {
        status = number
      } else {
        error("test.badStatusCode", node.location, "'\(number)' is not an HTTP status (100 to 599)")
      }
    }
    var headers: [(name: String, value: String)] = []
    if let node = fields["headers"], let list = mapping(node, "'headers'", allowed: node.mapping?.keys ?? []) {
      for entry in list.entries {
        if let value = text(entry.value, "a header's value") { headers.append((entry.key.value, value)) }
      }
    }
    var body = ""
    if let node = fields["body"] {
      switch node {
      case .scalar(let scalar): body = scalar.value
      case .mapping, .sequence:
        body = Value(yaml: node).jsonText()
        if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
          headers.append(("content-type", "application/json"))
        }
      }
    }
    return HTTPStub(method: method, url: url, status: status, headers: headers, body: body, location: node.location)
  }

  mutating func timeZone(_ node: YAMLNode) -> TimeZone? {
    guard let name = text(node, "'timezone'") else { return nil }
    guard let zone = TimeZone(identifier: name) else {
      error(
        "test.unknownTimeZone", node.location, "unknown time zone '\(name)'",
        hint: Suggestion.didYouMean(name, in: TimeZone.knownTimeZoneIdentifiers)
          ?? "Use an IANA name such as Europe/Paris or America/New_York.")
      return nil
    }
    return zone
  }

  mutating func moduleID(_ key: YAMLScalar) -> Int? {
    guard let id = Int(key.value), id >= 1 else {
      error(
        "test.badModuleID", key.location, "'\(key.value)' is not a module id",
        hint: "Key modules by their numeric `id`, e.g. `2:`.")
      return nil
    }
    return id
  }

  mutating func mock(_ node: YAMLNode) -> ModuleMock? {
    guard let entries = mapping(node, "a mock", allowed: ["output", "error"]) else { return nil }
    if let output = entries["output"], entries["error"] == nil {
      switch output {
      case .sequence(let list):
        return ModuleMock(answer: .outputs(list.items.map { Value(yaml: $0) }), location: node.location)
      default: return ModuleMock(answer: .outputs([Value(yaml: output)]), location: node.location)
      }
    }
    if let errorNode = entries["error"], entries["output"] == nil {
      guard let fields = mapping(errorNode, "a mock's 'error'", allowed: ["type", "message", "statusCode"]) else {
        return nil
      }
      let typeName = fields["type"].flatMap { text($0, "'type'") } ?? ErrorType.runtimeError.rawValue
      guard let type = ErrorType(rawValue: typeName) else {
        let names = ErrorType.allCases.map(\.rawValue)
        error(
          "test.unknownErrorType", fields["type"]?.location ?? errorNode.location, "unknown error type '\(typeName)'",
          hint: Suggestion.didYouMean(typeName, in: names) ?? "Use one of \(names.joined(separator: ", ")).")
        return nil
      }
      let message = fields["message"].flatMap { text($0, "'message'") } ?? "mocked \(typeName)"
      var status: Int?
      if let node = fields["statusCode"] { status = integer(node, "'statusCode'") }
      return ModuleMock(answer: .error(ModuleError(type, message, statusCode: status)), location: node.location)
    }
    error("test.badMock", node.location, "a mock gives either 'output' (bundles) or 'error' (type and message)")
    return nil
  }

  mutating func expect(_ node: YAMLNode) -> [Expectation] {
    guard
      let entries = mapping(
        node, "'expect'", allowed: ["status", "modules", "messages", "customers", "dataStores", "conditions"])
    else { return [] }
    var expectations: [Expectation] = []
    if let status = entries["status"], let text = text(status, "'status'") {
      let allowed: [ExecutionStatus] = [.success, .warning, .error, .interrupted]
      if let value = ExecutionStatus(rawValue: text), allowed.contains(value) {
        expectations.append(Expectation(kind: .status(value), location: status.location, golden: status.location))
      } else {
        error(
          "test.badStatus", status.location, "unknown status '\(text)'",
          hint: "Use success, warning, error or interrupted.")
      }
    }
    if let modules = entries["modules"], let list = mapping(modules, "'modules'", allowed: modules.mapping?.keys ?? [])
    {
      for entry in list.entries {
        guard let id = moduleID(entry.key) else { continue }
        expectations += moduleExpectations(id, entry.value)
      }
    }
    if let messages = entries["messages"] {
      if let items = messages.sequence?.items {
        var matchers: [ValueMatcher] = []
        for item in items { matchers.append(matcher(item)) }
        expectations.append(
          Expectation(kind: .messages(matchers), location: messages.location, golden: messages.location))
      } else {
        error("test.notAList", messages.location, "'messages' must be a list of the messages sent, in order")
      }
    }
    if let customers = entries["customers"] {
      for item in customers.sequence?.items ?? [] {
        guard let phone = item.mapping?["phone_number"].flatMap({ text($0, "'phone_number'") }) else {
          error("test.customerWithoutPhone", item.location, "an expected customer needs its 'phone_number'")
          continue
        }
        expectations.append(Expectation(kind: .customer(phone: phone, matcher(item)), location: item.location))
      }
      if customers.sequence == nil {
        error("test.notAList", customers.location, "'customers' must be a list of customers (each with phone_number)")
      }
    }
    if let node = entries["dataStores"] {
      for (store, key, record) in dataStoreRecords(node) {
        let expected: ValueMatcher? = record.scalar?.isNull == true ? nil : matcher(record)
        expectations.append(
          Expectation(kind: .dataStoreRecord(store: store, key: key, expected), location: record.location))
      }
    }
    if let conditions = entries["conditions"] {
      for item in conditions.sequence?.items ?? [] {
        guard let template = text(item, "a condition") else { continue }
        if !template.contains("{{") {
          error(
            "test.conditionWithoutTemplate", item.location, "the condition '\(template)' has no {{…}} template",
            hint: #"Write it in the mapping language, e.g. "{{2.status = \"sent\"}}"."#)
          continue
        }
        let compiled = Template.compile(template)
        if let problem = compiled.analysis.diagnostics.first(where: { $0.severity == .error }) {
          error("test.badCondition", item.location, "the condition does not compile: \(problem.message)")
          continue
        }
        expectations.append(Expectation(kind: .condition(template), location: item.location))
      }
      if conditions.sequence == nil {
        error("test.notAList", conditions.location, "'conditions' must be a list of templates that render true")
      }
    }
    return expectations
  }

  mutating func moduleExpectations(_ id: Int, _ node: YAMLNode) -> [Expectation] {
    guard
      let entries = mapping(
        node, "module \(id)'s expectations",
        allowed: ["called", "operation", "input", "output", "filtered", "error", "routes"])
    else { return [] }
    var operation = 1
    if let node = entries["operation"], let number = integer(node, "'operation'") {
      if number >= 1 {
        operation = number
      } else {
        error("test.badOperation", node.location, "'operation' counts from 1")
      }
    }
    var expectations: [Expectation] = []
    if let node = entries["called"], let times = integer(node, "'called'") {
      expectations.append(
        Expectation(kind: .called(moduleID: id, times: times), location: node.location, golden: node.location))
    }
    if let node = entries["input"] {
      expectations.append(
        Expectation(
          kind: .input(moduleID: id, operation: operation, matcher(node)), location: node.location,
          golden: Self.equalsValue(node)))
    }
    if let node = entries["output"] {
      expectations.append(
        Expectation(
          kind: .output(moduleID: id, operation: operation, matcher(node)), location: node.location,
          golden: Self.equalsValue(node)))
    }
    if let node = entries["routes"] {
      if let items = node.sequence?.items {
        var names: [String] = []
        var places: [SourceLocation] = []
        for item in items {
          if let name = text(item, "a route") {
            names.append(name)
            places.append(item.location)
          }
        }
        expectations.append(Expectation(kind: .routes(moduleID: id, names, names: places), location: node.location))
      } else {
        error("test.notAList", node.location, "'routes' must be the list of route names taken, in route order")
      }
    }
    if let node = entries["filtered"] {
      if case .bool(let flag)? = node.scalar?.resolved {
        expectations.append(Expectation(kind: .filtered(moduleID: id, flag), location: node.location))
      } else {
        error("test.notABoolean", node.location, "'filtered' must be true or false")
      }
    }
    if let node = entries["error"], let fields = mapping(node, "an expected error", allowed: ["type", "message"]) {
      let type = fields["type"].flatMap { text($0, "'type'") }
      if let type, ErrorType(rawValue: type) == nil {
        let names = ErrorType.allCases.map(\.rawValue)
        error(
          "test.unknownErrorType", fields["type"]?.location ?? node.location, "unknown error type '\(type)'",
          hint: Suggestion.didYouMean(type, in: names) ?? "Use one of \(names.joined(separator: ", ")).")
      }
      var message: ValueMatcher?
      if let node = fields["message"] { message = matcher(node) }
      expectations.append(
        Expectation(kind: .error(moduleID: id, type: type, message: message), location: node.location))
    }
    return expectations
  }

  /// Where the value of `{ equals: VALUE }` starts: the recorded part of an input or output.
  static func equalsValue(_ node: YAMLNode) -> SourceLocation? {
    guard let entries = node.mapping?.entries, entries.count == 1, entries[0].key.value == "equals" else { return nil }
    return entries[0].value.location
  }

  /// An expected value: a matcher mapping (`equals`, `contains`, `matches`) or a value to match
  /// like for like.
  mutating func matcher(_ node: YAMLNode) -> ValueMatcher {
    switch node {
    case .scalar: return .like(Value(yaml: node))
    case .sequence(let list): return .array(list.items.map { matcher($0) })
    case .mapping(let mapping):
      if mapping.entries.count == 1, let entry = mapping.entries.first {
        switch entry.key.value {
        case "equals": return .equals(Value(yaml: entry.value))
        case "contains": return .contains(Value(yaml: entry.value))
        case "matches":
          guard let pattern = text(entry.value, "'matches'") else { return .matches("") }
          if (try? Regex(pattern)) == nil {
            error("test.badPattern", entry.value.location, "'\(pattern)' is not a valid regular expression")
          }
          return .matches(pattern)
        default: break
        }
      }
      return .collection(mapping.entries.map { (key: $0.key.value, matcher: matcher($0.value)) })
    }
  }

  mutating func text(_ node: YAMLNode, _ what: String) -> String? {
    guard let scalar = node.scalar, !scalar.isNull else {
      error("test.notText", node.location, "\(what) must be text, not \(node.kindDescription)")
      return nil
    }
    return scalar.value
  }

  mutating func integer(_ node: YAMLNode, _ what: String) -> Int? {
    guard case .int(let number)? = node.scalar?.resolved else {
      error("test.notANumber", node.location, "\(what) must be a whole number, not \(node.kindDescription)")
      return nil
    }
    return number
  }

  mutating func date(_ node: YAMLNode, _ what: String) -> Date? {
    guard let text = text(node, what) else { return nil }
    guard let date = LenientDateParser.parse(text, timeZone: TimeZone(identifier: "UTC") ?? .current) else {
      error(
        "test.badDate", node.location, "cannot read '\(text)' as a date",
        hint: "Use ISO 8601, e.g. 2026-01-02T03:04:05Z.")
      return nil
    }
    return date
  }
}

extension Value {
  /// A YAML value as a bundle value: text stays text (a `{{…}}` in a test file is not evaluated).
  init(yaml node: YAMLNode) { self.init(json: node.jsonValue) }
}
