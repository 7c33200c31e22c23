import Foundation

/// Turns a scenario file into a `Scenario`, collecting every structural problem in one pass.
///
/// The parser checks the shape of the file (keys, types, ids, routes, filters, error handlers,
/// schedules, settings). What a module's `map` and `params` may hold is the module catalogue's
/// business and is checked by `Validation`.
package struct ScenarioParser {
  package struct Output: Sendable {
    /// Nil when the file is too broken to describe a scenario (no YAML mapping, no trigger).
    package var scenario: Scenario?
    package var diagnostics: [Diagnostic]
  }

  package static let topLevelKeys = ["name", "description", "connection", "settings", "trigger", "flow", "make"]
  package static let connectionKeys = ["tokenEnv", "sandbox"]
  package static let settingsKeys = [
    "sequential", "maxCycles", "storeIncomplete", "confidential", "autoCommit", "maxConsecutiveErrors", "timezone",
  ]
  package static let triggerKeys = ["module", "name", "params", "schedule", "make"]
  package static let moduleKeys = ["id", "module", "name", "params", "map", "filter", "onError", "routes", "make"]
  package static let routeKeys = ["name", "filter", "fallback", "flow"]
  package static let filterKeys = ["name", "conditions"]
  package static let conditionKeys = ["a", "op", "b"]
  package static let errorHandlerKeys = ["flow", "then", "retry", "output"]
  package static let retryKeys = ["attempts", "interval"]
  package static let scheduleKeys = ["every", "cron"]

  private var diagnostics: [Diagnostic] = []
  private var firstLocationOfID: [Int: SourceLocation] = [:]

  /// Reads and parses the file at `path` (as given by the user).
  package static func parse(contentsOf path: String) -> Output {
    guard let data = FileManager.default.contents(atPath: path) else {
      let message = FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file"
      return Output(
        scenario: nil,
        diagnostics: [
          Diagnostic(
            id: "scenario.unreadableFile", location: SourceLocation(file: path, line: 1, column: 1), message: message)
        ])
    }
    switch YAMLReader.text(of: data, path: path) {
    case .failure(let diagnostic): return Output(scenario: nil, diagnostics: [diagnostic])
    case .success(let text): return parse(SourceFile(path: path, text: text))
    }
  }

  /// Parses scenario text.
  package static func parse(_ source: SourceFile) -> Output {
    switch YAMLReader.read(source) {
    case .failure(let diagnostic):
      return Output(scenario: nil, diagnostics: [diagnostic])
    case .success(let root):
      return parse(root, source: source)
    }
  }

  /// Parses a YAML tree already read from `source` (`export make` writes the same tree).
  package static func parse(_ root: YAMLNode, source: SourceFile) -> Output {
    var parser = ScenarioParser()
    let scenario = parser.parseScenario(root, source: source)
    return Output(scenario: scenario, diagnostics: parser.diagnostics)
  }

  // MARK: Scenario

  private mutating func parseScenario(_ root: YAMLNode, source: SourceFile) -> Scenario? {
    guard let top = root.mapping else {
      diagnostics.append(
        ScenarioDiagnostics.wrongType(
          "scenario", expected: "a mapping with 'name', 'trigger' and 'flow'", found: root.kindDescription,
          at: root.location, hint: "See docs/scenario-format.md for the file format."))
      return nil
    }
    checkKeys(top, allowed: Self.topLevelKeys, context: "the scenario")

    let name = requiredText(
      top, "name", context: "the scenario", hint: "Add 'name: <what the scenario does>' at the top.")
    let description = optionalText(top, "description")
    var connection = Connection()
    if let node = top["connection"] { connection = parseConnection(node) }
    var settings = Settings()
    if let node = top["settings"] { settings = parseSettings(node) }

    var trigger: Trigger?
    if let node = top["trigger"] {
      trigger = parseTrigger(node)
    } else {
      diagnostics.append(
        ScenarioDiagnostics.missingKey(
          "trigger", in: "the scenario", at: top.location,
          hint: "Add a 'trigger:' with a 'module', such as sonar.watchNewCustomer or webhook.custom."))
    }

    firstLocationOfID[Trigger.id] = trigger?.location
    var flow: [FlowModule] = []
    if let node = top["flow"] {
      flow = parseFlow(node, key: "flow")
    } else {
      diagnostics.append(
        ScenarioDiagnostics.missingKey(
          "flow", in: "the scenario", at: top.location,
          hint: "Add 'flow:' with the list of modules that process the trigger's bundles."))
    }

    // The blueprint's scenario-level data kept for `export make`, which reads it from the YAML
    // tree itself: only its shape is checked here.
    if let node = top["make"] { _ = expectMapping(node, key: "make") }

    guard let name, let trigger else { return nil }
    return Scenario(
      source: source, name: name, description: description, connection: connection, settings: settings,
      trigger: trigger, flow: flow)
  }

  private mutating func parseConnection(_ node: YAMLNode) -> Connection {
    var connection = Connection()
    guard let mapping = expectMapping(node, key: "connection") else { return connection }
    for entry in mapping.entries where ["token", "apiToken", "privateToken", "sonarToken"].contains(entry.key.value) {
      diagnostics.append(ScenarioDiagnostics.literalToken(at: entry.key.location))
    }
    checkKeys(
      mapping, allowed: Self.connectionKeys, context: "'connection'",
      skipping: ["token", "apiToken", "privateToken", "sonarToken"])
    if let tokenEnv = optionalText(mapping, "tokenEnv") {
      connection.tokenEnv = tokenEnv
      if let entry = mapping.entry("tokenEnv"), !Self.looksLikeEnvironmentName(tokenEnv) {
        diagnostics.append(
          Diagnostic(
            id: "scenario.invalidTokenEnv", location: entry.value.location,
            message: "'tokenEnv' must name an environment variable, not '\(Self.redacted(tokenEnv))'",
            fixHint:
              "Write the variable's name, such as SONAR_TOKEN, and put the token itself in that variable."))
      }
    }
    if let sandbox = optionalBool(mapping, "sandbox") { connection.isSandbox = sandbox }
    return connection
  }

  private mutating func parseSettings(_ node: YAMLNode) -> Settings {
    var settings = Settings()
    guard let mapping = expectMapping(node, key: "settings") else { return settings }
    checkKeys(mapping, allowed: Self.settingsKeys, context: "'settings'")
    if let value = optionalBool(mapping, "sequential") { settings.isSequential = value }
    if let value = optionalInt(mapping, "maxCycles", minimum: 1) { settings.maxCycles = value }
    if let value = optionalBool(mapping, "storeIncomplete") { settings.storeIncomplete = value }
    if let value = optionalBool(mapping, "confidential") { settings.isConfidential = value }
    if let value = optionalBool(mapping, "autoCommit") { settings.autoCommit = value }
    if let value = optionalInt(mapping, "maxConsecutiveErrors", minimum: 1) { settings.maxConsecutiveErrors = value }
    if let value = optionalText(mapping, "timezone"), let entry = mapping.entry("timezone") {
      if TimeZone(identifier: value) == nil {
        diagnostics.append(ScenarioDiagnostics.unknownTimeZone(value, at: entry.value.location))
      } else {
        settings.timezone = value
      }
    }
    return settings
  }

  // MARK: Trigger

  private mutating func parseTrigger(_ node: YAMLNode) -> Trigger? {
    guard let mapping = expectMapping(node, key: "trigger") else { return nil }
    checkKeys(mapping, allowed: Self.triggerKeys, context: "'trigger'", skipping: ["id", "map"])
    if let entry = mapping.entry("id") {
      if entry.value.scalar?.resolved != .int(1) {
        diagnostics.append(
          Diagnostic(
            id: "scenario.triggerID", location: entry.value.location,
            message: "the trigger is always module 1",
            fixHint: "Remove 'id' from the trigger; flow modules are numbered from 2."))
      }
    }
    if let entry = mapping.entry("map") {
      diagnostics.append(
        Diagnostic(
          id: "scenario.triggerMap", location: entry.key.location,
          message: "a trigger takes 'params', not 'map'",
          fixHint: "Rename 'map' to 'params'; triggers have static settings only."))
    }
    guard
      let module = requiredText(
        mapping, "module", context: "'trigger'", hint: "Name the trigger module, such as 'sonar.watchNewCustomer'.")
    else { return nil }
    var params: YAMLMapping?
    if let node = mapping["params"] { params = expectMapping(node, key: "params") }
    var schedule: Schedule?
    if let node = mapping["schedule"] { schedule = parseSchedule(node) }
    var make: YAMLMapping?
    if let node = mapping["make"] { make = expectMapping(node, key: "make") }
    return Trigger(
      module: module, name: optionalText(mapping, "name"), params: params, schedule: schedule, make: make,
      isScheduleWritten: mapping["schedule"] != nil,
      location: mapping.location)
  }

  private mutating func parseSchedule(_ node: YAMLNode) -> Schedule? {
    guard let mapping = expectMapping(node, key: "schedule") else { return nil }
    checkKeys(mapping, allowed: Self.scheduleKeys, context: "'schedule'")
    let every = mapping.entry("every")
    let cron = mapping.entry("cron")
    if every != nil && cron != nil {
      diagnostics.append(
        Diagnostic(
          id: "scenario.scheduleBoth", location: mapping.location,
          message: "'schedule' takes either 'every' or 'cron', not both",
          fixHint: "Keep one: 'every: 15m' for an interval, 'cron: \"*/5 * * * *\"' for a calendar schedule."))
      return nil
    }
    if let every {
      guard let duration = duration(every, key: "every") else { return nil }
      if duration < .seconds(1) {
        diagnostics.append(
          Diagnostic(
            id: "scenario.scheduleTooShort", location: every.value.location,
            message: "'every' must be at least 1s", fixHint: "Poll at most once a second, for example 'every: 1m'."))
        return nil
      }
      return .every(Located(duration, at: every.value.location))
    }
    if let cron {
      guard let text = text(cron, key: "cron") else { return nil }
      do {
        return .cron(Located(try CronExpression(parsing: text), at: cron.value.location))
      } catch {
        diagnostics.append(ScenarioDiagnostics.invalidCron(error.message, at: cron.value.location))
        return nil
      }
    }
    diagnostics.append(
      ScenarioDiagnostics.missingKey(
        "every", in: "'schedule'", at: mapping.location,
        hint: "Write 'every: 15m' for an interval or 'cron: \"*/5 * * * *\"'."))
    return nil
  }

  // MARK: Flow

  private mutating func parseFlow(_ node: YAMLNode, key: String) -> [FlowModule] {
    if case .scalar(let scalar) = node, scalar.isNull { return [] }
    guard let sequence = node.sequence else {
      diagnostics.append(
        ScenarioDiagnostics.wrongType(
          key, expected: "a list of modules", found: node.kindDescription, at: node.location,
          hint: "Write each module as a list item starting with '- id: N'."))
      return []
    }
    var modules: [FlowModule] = []
    for item in sequence.items {
      if let module = parseModule(item) { modules.append(module) }
    }
    return modules
  }

  private mutating func parseModule(_ node: YAMLNode) -> FlowModule? {
    guard let mapping = node.mapping else {
      diagnostics.append(
        ScenarioDiagnostics.wrongType(
          "flow item", expected: "a mapping with 'id' and 'module'", found: node.kindDescription,
          at: node.location))
      return nil
    }
    checkKeys(mapping, allowed: Self.moduleKeys, context: "a flow module")
    let id = parseID(mapping)
    let module = requiredText(
      mapping, "module", context: "a flow module", hint: "Name the module, such as 'sonar.sendMessage'.")
    var params: YAMLMapping?
    if let node = mapping["params"] { params = expectMapping(node, key: "params") }
    var map: YAMLMapping?
    if let node = mapping["map"], !(node.scalar?.isNull ?? false) { map = expectMapping(node, key: "map") }
    var filter: Filter?
    if let node = mapping["filter"] { filter = parseFilter(node) }
    var onError: ErrorHandler?
    if let node = mapping["onError"] { onError = parseErrorHandler(node) }
    var routes: [Route] = []
    if let entry = mapping.entry("routes") {
      if let module, module.value != "flow.router" {
        diagnostics.append(ScenarioDiagnostics.routesOutsideRouter(module.value, at: entry.key.location))
      } else {
        routes = parseRoutes(entry.value)
      }
    } else if module?.value == "flow.router" {
      diagnostics.append(ScenarioDiagnostics.routerWithoutRoutes(at: mapping.location))
    }
    var make: YAMLMapping?
    if let node = mapping["make"] { make = expectMapping(node, key: "make") }
    guard let id, let module else { return nil }
    return FlowModule(
      id: id, module: module, name: optionalText(mapping, "name"), params: params, map: map, filter: filter,
      onError: onError, routes: routes, make: make, location: mapping.location)
  }

  private mutating func parseID(_ mapping: YAMLMapping) -> Located<Int>? {
    guard let entry = mapping.entry("id") else {
      diagnostics.append(
        ScenarioDiagnostics.missingKey(
          "id", in: "a flow module", at: mapping.location,
          hint: "Give every flow module a unique integer 'id' from 2 up; mapping refers to it as {{N.field}}."))
      return nil
    }
    let location = entry.value.location
    guard case .scalar(let scalar) = entry.value, case .int(let id) = scalar.resolved, id > 0 else {
      let text = entry.value.scalar.map { "'\($0.value)'" } ?? entry.value.kindDescription
      diagnostics.append(ScenarioDiagnostics.invalidID(text, at: location))
      return nil
    }
    if id == Trigger.id {
      diagnostics.append(ScenarioDiagnostics.reservedID(at: location))
      return nil
    }
    if let first = firstLocationOfID[id] {
      diagnostics.append(ScenarioDiagnostics.duplicateID(id, at: location, first: first))
    } else {
      firstLocationOfID[id] = location
    }
    return Located(id, at: location)
  }

  private mutating func parseRoutes(_ node: YAMLNode) -> [Route] {
    guard let sequence = node.sequence, !sequence.items.isEmpty else {
      diagnostics.append(
        ScenarioDiagnostics.wrongType(
          "routes", expected: "a non-empty list of routes", found: node.kindDescription, at: node.location,
          hint: "Write each route as a list item with its own 'flow'."))
      return []
    }
    var routes: [Route] = []
    var firstFallback: SourceLocation?
    for item in sequence.items {
      guard let mapping = expectMapping(item, key: "route") else { continue }
      checkKeys(mapping, allowed: Self.routeKeys, context: "a route")
      let isFallback = optionalBool(mapping, "fallback") ?? false
      var filter: Filter?
      if let node = mapping["filter"] { filter = parseFilter(node) }
      if isFallback {
        if filter != nil, let entry = mapping.entry("filter") {
          diagnostics.append(ScenarioDiagnostics.fallbackWithFilter(at: entry.key.location))
        }
        if let firstFallback {
          diagnostics.append(ScenarioDiagnostics.multipleFallbacks(at: mapping.location, first: firstFallback))
        } else {
          firstFallback = mapping.location
        }
      }
      var flow: [FlowModule] = []
      if let flowNode = mapping["flow"] {
        flow = parseFlow(flowNode, key: "flow")
      } else {
        diagnostics.append(
          ScenarioDiagnostics.missingKey(
            "flow", in: "a route", at: mapping.location, hint: "Add 'flow:' with the modules this route runs."))
      }
      routes.append(
        Route(
          name: optionalText(mapping, "name"), filter: filter, isFallback: isFallback, flow: flow,
          location: mapping.location))
    }
    return routes
  }

  // MARK: Filters

  private mutating func parseFilter(_ node: YAMLNode) -> Filter? {
    guard let mapping = expectMapping(node, key: "filter") else { return nil }
    checkKeys(mapping, allowed: Self.filterKeys, context: "'filter'")
    guard let conditionsEntry = mapping.entry("conditions") else {
      diagnostics.append(
        ScenarioDiagnostics.missingKey(
          "conditions", in: "'filter'", at: mapping.location,
          hint: "Write conditions as a list of AND-groups: [[ {a: \"{{1.x}}\", op: \"text:equal\", b: \"y\"} ]]."))
      return nil
    }
    guard let groups = conditionsEntry.value.sequence, !groups.items.isEmpty else {
      diagnostics.append(
        ScenarioDiagnostics.wrongType(
          "conditions", expected: "a non-empty list of AND-groups", found: conditionsEntry.value.kindDescription,
          at: conditionsEntry.value.location))
      return nil
    }
    var result: [[Condition]] = []
    for group in groups.items {
      // A single condition mapping where a group is expected is accepted as a group of one.
      let items: [YAMLNode]
      switch group {
      case .sequence(let sequence): items = sequence.items
      case .mapping: items = [group]
      case .scalar:
        diagnostics.append(
          ScenarioDiagnostics.wrongType(
            "conditions", expected: "a list of AND-groups (lists of {a, op, b})", found: group.kindDescription,
            at: group.location))
        continue
      }
      var conditions: [Condition] = []
      for item in items {
        if let condition = parseCondition(item) { conditions.append(condition) }
      }
      if !conditions.isEmpty { result.append(conditions) }
    }
    return Filter(name: optionalText(mapping, "name"), conditions: result, location: mapping.location)
  }

  private mutating func parseCondition(_ node: YAMLNode) -> Condition? {
    guard let mapping = expectMapping(node, key: "condition") else { return nil }
    checkKeys(mapping, allowed: Self.conditionKeys, context: "a filter condition")
    guard let a = mapping["a"] else {
      diagnostics.append(
        ScenarioDiagnostics.missingKey(
          "a", in: "a filter condition", at: mapping.location, hint: "Write the value to test, such as \"{{1.text}}\".")
      )
      return nil
    }
    guard
      let op = requiredText(
        mapping, "op", context: "a filter condition", hint: "Name a Make operator, such as 'text:equal' or 'exist'.")
    else { return nil }
    return Condition(a: a, op: op, b: mapping["b"], location: mapping.location)
  }

  // MARK: Error handlers

  private mutating func parseErrorHandler(_ node: YAMLNode) -> ErrorHandler? {
    guard let mapping = expectMapping(node, key: "onError") else { return nil }
    checkKeys(mapping, allowed: Self.errorHandlerKeys, context: "'onError'")
    var flow: [FlowModule] = []
    if let node = mapping["flow"] { flow = parseFlow(node, key: "flow") }
    guard
      let then = requiredText(
        mapping, "then", context: "'onError'",
        hint: "End the error-handler route with a directive: 'then: ignore|resume|commit|rollback|break'.")
    else { return nil }
    guard let directive = Directive(rawValue: then.value) else {
      diagnostics.append(ScenarioDiagnostics.unknownDirective(then.value, at: then.location))
      return nil
    }
    var retry: Retry?
    if let entry = mapping.entry("retry") {
      if directive != .break {
        diagnostics.append(
          ScenarioDiagnostics.unusedOption(
            "retry", directive: directive.rawValue, expected: "break", at: entry.key.location))
      } else if let retryMapping = expectMapping(entry.value, key: "retry") {
        checkKeys(retryMapping, allowed: Self.retryKeys, context: "'retry'")
        let attempts = optionalInt(retryMapping, "attempts", minimum: 1) ?? Retry.defaultAttempts
        var interval = Retry.defaultInterval
        if let entry = retryMapping.entry("interval"), let parsed = duration(entry, key: "interval") {
          interval = parsed
        }
        if interval < .seconds(1), let entry = retryMapping.entry("interval") {
          diagnostics.append(ScenarioDiagnostics.intervalTooShort(at: entry.value.location))
        }
        retry = Retry(attempts: attempts, interval: interval, location: retryMapping.location)
      }
    }
    var output: YAMLMapping?
    if let entry = mapping.entry("output") {
      if directive != .resume {
        diagnostics.append(
          ScenarioDiagnostics.unusedOption(
            "output", directive: directive.rawValue, expected: "resume", at: entry.key.location))
      } else {
        output = expectMapping(entry.value, key: "output")
      }
    }
    return ErrorHandler(
      flow: flow, directive: Located(directive, at: then.location), retry: retry, output: output,
      location: mapping.location)
  }

  // MARK: Helpers

  private mutating func checkKeys(
    _ mapping: YAMLMapping, allowed: [String], context: String, skipping: Set<String> = []
  ) {
    for entry in mapping.entries where !allowed.contains(entry.key.value) && !skipping.contains(entry.key.value) {
      diagnostics.append(
        ScenarioDiagnostics.unknownKey(entry.key.value, in: context, allowed: allowed, at: entry.key.location))
    }
  }

  private mutating func expectMapping(_ node: YAMLNode, key: String) -> YAMLMapping? {
    if let mapping = node.mapping { return mapping }
    diagnostics.append(
      ScenarioDiagnostics.wrongType(key, expected: "a mapping", found: node.kindDescription, at: node.location))
    return nil
  }

  private mutating func requiredText(
    _ mapping: YAMLMapping, _ key: String, context: String, hint: String
  ) -> Located<String>? {
    guard let entry = mapping.entry(key) else {
      diagnostics.append(ScenarioDiagnostics.missingKey(key, in: context, at: mapping.location, hint: hint))
      return nil
    }
    guard let value = text(entry, key: key) else { return nil }
    return Located(value, at: entry.value.location)
  }

  private mutating func optionalText(_ mapping: YAMLMapping, _ key: String) -> String? {
    guard let entry = mapping.entry(key) else { return nil }
    return text(entry, key: key)
  }

  private mutating func text(_ entry: YAMLMapping.Entry, key: String) -> String? {
    guard case .scalar(let scalar) = entry.value, !scalar.isNull else {
      diagnostics.append(
        ScenarioDiagnostics.wrongType(
          key, expected: "text", found: entry.value.kindDescription, at: entry.value.location))
      return nil
    }
    if scalar.value.trimmingCharacters(in: .whitespaces).isEmpty {
      diagnostics.append(
        Diagnostic(id: "scenario.emptyValue", location: entry.value.location, message: "'\(key)' must not be empty"))
      return nil
    }
    return scalar.value
  }

  private mutating func optionalBool(_ mapping: YAMLMapping, _ key: String) -> Bool? {
    guard let entry = mapping.entry(key) else { return nil }
    guard case .scalar(let scalar) = entry.value, case .bool(let value) = scalar.resolved else {
      diagnostics.append(
        ScenarioDiagnostics.wrongType(
          key, expected: "true or false", found: describe(entry.value), at: entry.value.location))
      return nil
    }
    return value
  }

  private mutating func optionalInt(_ mapping: YAMLMapping, _ key: String, minimum: Int) -> Int? {
    guard let entry = mapping.entry(key) else { return nil }
    guard case .scalar(let scalar) = entry.value, case .int(let value) = scalar.resolved else {
      diagnostics.append(
        ScenarioDiagnostics.wrongType(
          key, expected: "a whole number", found: describe(entry.value), at: entry.value.location))
      return nil
    }
    guard value >= minimum else {
      diagnostics.append(
        ScenarioDiagnostics.valueOutOfRange(key, value: value, minimum: minimum, at: entry.value.location))
      return nil
    }
    return value
  }

  private mutating func duration(_ entry: YAMLMapping.Entry, key: String) -> Duration? {
    guard case .scalar(let scalar) = entry.value, !scalar.isNull else {
      diagnostics.append(
        ScenarioDiagnostics.wrongType(
          key, expected: "a duration such as 15m", found: entry.value.kindDescription, at: entry.value.location))
      return nil
    }
    switch DurationText.parse(scalar.value) {
    case .success(let duration): return duration
    case .failure:
      diagnostics.append(ScenarioDiagnostics.invalidDuration(scalar.value, key: key, at: entry.value.location))
      return nil
    }
  }

  private func describe(_ node: YAMLNode) -> String {
    if case .scalar(let scalar) = node, !scalar.isNull { return "'\(scalar.value)'" }
    return node.kindDescription
  }

  /// Environment variable names: letters, digits and underscores, not starting with a digit.
  private static func looksLikeEnvironmentName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, !(("0"..."9").contains(first)) else { return false }
    return text.unicodeScalars.allSatisfy {
      $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
    }
  }

  /// Shows only the start of a value that may be a secret pasted into the wrong field.
  package static func redacted(_ text: String) -> String {
    text.count <= 4 ? text : String(text.prefix(4)) + "…"
  }
}
