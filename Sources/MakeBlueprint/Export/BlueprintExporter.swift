package import Basics
import ModuleCatalogue
package import ScenarioModel

/// Scenario file → Make blueprint (`sonarflow export make`): the bare form Make's Import Blueprint
/// reads, `{name, flow, metadata}`, with every module's `make:` key merged back in.
package enum BlueprintExporter {
  package struct Output: Sendable {
    /// The blueprint, pretty-printed JSON; nil when the scenario has errors.
    package var json: String?
    package var blueprint: JSONValue?
    package var diagnostics: [Diagnostic]
  }

  /// Reads the YAML once: the scenario parser checks the tree, and the exporter writes the same
  /// tree, so an error names the position of the module it is about.
  package static func convert(_ source: SourceFile) -> Output {
    let root: YAMLNode
    switch YAMLReader.read(source) {
    case .success(let node): root = node
    case .failure(let diagnostic): return Output(json: nil, blueprint: nil, diagnostics: [diagnostic])
    }
    let parsed = ScenarioParser.parse(root, source: source)
    let errors = parsed.diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty, parsed.scenario != nil, case .mapping(let document) = root
    else { return Output(json: nil, blueprint: nil, diagnostics: parsed.diagnostics) }
    var exporter = Exporter(source: source)
    exporter.nextID = BlueprintImporter.maximumID(root.jsonValue) + 1
    do {
      let blueprint = JSONValue.object(try exporter.blueprint(document))
      return Output(json: blueprint.text(pretty: true) + "\n", blueprint: blueprint, diagnostics: [])
    } catch {
      return Output(
        json: nil, blueprint: nil,
        diagnostics: [
          Diagnostic(
            id: "export.notExportable",
            location: exporter.location ?? root.location,
            message: error.message, fixHint: error.hint)
        ])
    }
  }
}

private struct Exporter {
  let source: SourceFile
  var nextID = 1
  var location: SourceLocation?

  mutating func blueprint(_ node: YAMLMapping) throws(BlueprintError) -> JSONObject {
    let document = node.jsonObject
    var kept = document["make"]?.objectValue ?? JSONObject()
    kept["envelope"] = nil
    var blueprint = JSONObject()
    blueprint["name"] = document["name"]
    if let description = document["description"] { blueprint["description"] = description }
    var flow: [JSONValue] = []
    guard let trigger = node["trigger"]?.mapping else {
      location = node.location
      throw .notExportable("the scenario has no trigger")
    }
    flow.append(.object(try module(trigger, isTrigger: true, routeFilter: nil)))
    flow += try modules(node["flow"])
    blueprint["flow"] = .array(flow)

    var metadata =
      kept["metadata"]?.objectValue
      ?? JSONObject([
        ("version", .int(1)), ("scenario", .object(JSONObject())),
        ("designer", .object(JSONObject([("orphans", .array([]))]))),
      ])
    kept["metadata"] = nil
    var flags = metadata["scenario"]?.objectValue ?? JSONObject()
    if case .object(let settings)? = document["settings"] {
      for rule in settingRules {
        if let value = settings[rule.key] { flags[rule.make] = value }
      }
    }
    metadata["scenario"] = .object(flags)
    blueprint["metadata"] = .object(metadata)
    for entry in kept.entries where blueprint[entry.key] == nil { blueprint[entry.key] = entry.value }
    return blueprint
  }

  /// The modules of a `flow:` list (nil or not a list: none).
  mutating func modules(_ list: YAMLNode?) throws(BlueprintError) -> [JSONValue] {
    var result: [JSONValue] = []
    for item in list?.sequence?.items ?? [] {
      guard let module = item.mapping else { continue }
      result.append(.object(try self.module(module, isTrigger: false, routeFilter: nil)))
    }
    return result
  }

  mutating func module(
    _ node: YAMLMapping, isTrigger: Bool, routeFilter: JSONValue?
  ) throws(BlueprintError)
    -> JSONObject
  {
    // What cannot be exported is reported at the module's name.
    location = node["module"]?.location ?? node.location
    let yaml = node.jsonObject
    var bag = yaml["make"]?.objectValue ?? JSONObject()
    guard case .string(let name)? = yaml["module"] else { throw .notExportable("a module has no name") }
    let keptName = bag["module"].flatMap { value -> String? in
      if case .string(let text) = value { return text }
      return nil
    }
    let makeName: String
    var mapping: ModuleMapping?
    if name == MakeModuleSpecs.unsupportedName {
      guard let keptName else {
        throw .notExportable("a 'make.unsupported' module has no 'make.module' naming its Make module")
      }
      makeName = keptName
    } else if let keptName, let found = ModuleMapping.forMake(keptName), found.sonarflowName == name {
      makeName = keptName
      mapping = found
    } else if let found = ModuleMapping.forSonarflow(name), let first = found.makeNames.first {
      makeName = first
      mapping = found
      bag = JSONObject()  // the module was replaced: what Make kept for the old one no longer applies
    } else {
      throw .notExportable("module '\(name)' has no Make counterpart to export")
    }

    var out = JSONObject()
    // Make's id when the import had to give the module another one (see BlueprintImporter).
    out["id"] = bag["id"] ?? (isTrigger ? .int(Trigger.id) : yaml["id"])
    out["module"] = .string(makeName)
    out["version"] = bag["version"] ?? .int(mapping?.version ?? 1)
    let absent = Set(
      (bag["absent"]?.arrayValue ?? []).compactMap { value -> String? in
        if case .string(let text) = value { return text }
        return nil
      })
    let map = yaml["map"]?.objectValue ?? JSONObject()
    let params = yaml["params"]?.objectValue ?? JSONObject()

    for side in [FieldRule.MakeSide.parameters, .mapper] {
      let key = side.rawValue
      guard let mapping else {
        if let value = bag[key] { out[key] = value }
        continue
      }
      var object: JSONObject
      switch bag[key] {
      case .object(let kept)?: object = kept
      case .some(let other):
        out[key] = other
        object = JSONObject()
      case nil: object = JSONObject()
      }
      if side == .mapper, let whole = mapping.wholeMapper {
        if case .object(let fields)? = map[whole] { object = fields }
      }
      for rule in mapping.rules where rule.makeSide == side {
        guard let current = (rule.side == .map ? map : params)[rule.key] else { continue }
        if let original = object[rule.makeKey], let imported = rule.forward(original), imported.isJSONEqual(to: current)
        {
          continue
        }
        object[rule.makeKey] = rule.inverse(current)
      }
      if mapping.sonarflowName == "flow.router", side == .parameters, case .array(let routes)? = yaml["routes"],
        let index = routes.firstIndex(where: { $0.objectValue?["fallback"] == .bool(true) })
      {
        object["else"] = .int(index)
      }
      if out[key] != nil, object.isEmpty { continue }  // Make's `null` kept as it was
      if object.isEmpty, absent.contains(key) { continue }
      out[key] = .object(object)
    }

    let filter: JSONValue? = (routeFilter ?? yaml["filter"]).map(Self.makeFilter) ?? bag["filter"]
    if let filter { out["filter"] = filter }

    var metadata = bag["metadata"]
    if case .string(let label)? = yaml["name"] {
      var object = metadata?.objectValue ?? JSONObject()
      var designer = object["designer"]?.objectValue ?? JSONObject([("x", .int(0)), ("y", .int(0))])
      if designer["name"] != .string(label) {
        designer["name"] = .string(label)
        object["designer"] = .object(designer)
        metadata = .object(object)
      }
    }
    out["metadata"] =
      metadata ?? .object(JSONObject([("designer", .object(JSONObject([("x", .int(0)), ("y", .int(0))])))]))

    let handled: Set<String> = [
      "module", "id", "version", "parameters", "mapper", "metadata", "filter", "onerror", "routes", "absent",
    ]
    for entry in bag.entries where !handled.contains(entry.key) { out[entry.key] = entry.value }

    if let handlerNode = node["onError"]?.mapping {
      let handler = handlerNode.jsonObject
      var flow = try modules(handlerNode["flow"])
      if case .string(let then)? = handler["then"],
        let directive = DirectiveSettings.directive(
          then: then, handler: handler, kept: bag["onerror"],
          nextID: { () -> Int in
            defer { nextID += 1 }
            return nextID
          })
      {
        flow.append(directive)
      }
      out["onerror"] = .array(flow)
    } else if let kept = bag["onerror"], kept != .null {
      out["onerror"] = kept
    }

    if let routes = node["routes"]?.sequence {
      let extras = bag["routes"]?.arrayValue ?? []
      var result: [JSONValue] = []
      for (index, item) in routes.items.enumerated() {
        guard let route = item.mapping else { continue }
        var made = extras.indices.contains(index) ? (extras[index].objectValue ?? JSONObject()) : JSONObject()
        var flow: [JSONValue] = []
        let filter = route["filter"]?.jsonValue
        for (position, module) in (route["flow"]?.sequence?.items ?? []).enumerated() {
          guard let module = module.mapping else { continue }
          flow.append(.object(try self.module(module, isTrigger: false, routeFilter: position == 0 ? filter : nil)))
        }
        made["flow"] = .array(flow)
        result.append(.object(made))
      }
      out["routes"] = .array(result)
    }
    return out
  }

  /// sonarflow's `{name, conditions: [[{a, op, b}]]}` as Make's `{name, conditions: [[{a, o, b}]]}`.
  static func makeFilter(_ value: JSONValue) -> JSONValue {
    guard case .object(let filter) = value else { return value }
    var result = JSONObject()
    if let name = filter["name"] { result["name"] = name }
    let groups = (filter["conditions"]?.arrayValue ?? []).map { group -> JSONValue in
      // A single condition where a group is expected is a group of one (as the parser reads it).
      let items = group.arrayValue ?? [group]
      return .array(
        items.map { item in
          guard case .object(let condition) = item else { return item }
          var made = JSONObject()
          if let a = condition["a"] { made["a"] = a }
          if let b = condition["b"] { made["b"] = b }
          if let op = condition["op"] { made["o"] = op }
          return .object(made)
        })
    }
    result["conditions"] = .array(groups)
    return .object(result)
  }
}
