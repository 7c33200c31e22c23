import Basics
import ModuleCatalogue

/// A scenario file made from a Make blueprint, and the report of what carried over how.
package struct MakeImport: Sendable {
  package var yaml: String
  package var report: ImportReport
}

/// Make blueprint → scenario YAML (`sonarflow import make`).
///
/// Each module keeps its Make id. What the scenario format expresses goes to its keys (`params`,
/// `map`, `filter`, `routes`, `onError`, `settings`); everything else stays under `make:`, which
/// is the Make object minus what the other keys hold, so that ``BlueprintExporter`` can write the
/// blueprint back JSON-equal. Expressions are Make's mapping language and are copied verbatim.
package enum BlueprintImporter {
  package static func convert(_ text: String) throws(BlueprintError) -> MakeImport {
    let root: JSONValue
    do {
      root = try JSONParser.parse(text, options: .verbatim)
    } catch {
      throw .invalidJSON(error.description)
    }
    let envelope = try BlueprintEnvelope(root)
    var converter = Converter()
    converter.nextFreeID = Self.maximumID(.object(envelope.blueprint)) + 1
    let document = try converter.scenario(envelope)
    converter.report.modules.sort { $0.id < $1.id }
    let yaml = ScenarioYAMLWriter.document(
      document,
      header: [
        "Imported from a Make blueprint by `sonarflow import make`.",
        "'make:' keys keep what sonarflow does not run, for `sonarflow export make`; see docs/make-import.md.",
      ])
    return MakeImport(yaml: yaml, report: converter.report)
  }

  /// The largest `id` anywhere in the blueprint (nested flows included).
  static func maximumID(_ value: JSONValue) -> Int {
    switch value {
    case .object(let object):
      return max(object["id"]?.wholeNumber() ?? 0, object.entries.map { maximumID($0.value) }.max() ?? 0)
    case .array(let items): return items.map(maximumID).max() ?? 0
    default: return 0
    }
  }
}

/// Scenario settings that are Make's `metadata.scenario` flags.
let settingRules: [(make: String, key: String, isFlag: Bool)] = [
  ("sequential", "sequential", true), ("roundtrips", "maxCycles", false), ("dlq", "storeIncomplete", true),
  ("confidential", "confidential", true), ("autoCommit", "autoCommit", true),
  ("maxErrors", "maxConsecutiveErrors", false),
]

private struct Converter {
  var report = ImportReport()
  /// The id given to a flow module whose Make id is 1 (the trigger's id in sonarflow).
  var nextFreeID = 1

  mutating func scenario(_ envelope: BlueprintEnvelope) throws(BlueprintError) -> JSONObject {
    var blueprint = envelope.blueprint
    var document = JSONObject()
    let name = envelope.name.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    document["name"] = .string(name ?? "Imported from Make")
    if name != nil, blueprint["name"] != nil { blueprint["name"] = nil }
    if case .string(let text)? = blueprint["description"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
      document["description"] = .string(text)
      blueprint["description"] = nil
    }
    // Settings: Make's scenario flags with a sonarflow form.
    if case .object(var metadata)? = blueprint["metadata"], case .object(var flags)? = metadata["scenario"] {
      var settings = JSONObject()
      for rule in settingRules {
        guard let value = flags[rule.make] else { continue }
        switch value {
        case .bool where rule.isFlag:
          settings[rule.key] = value
          flags[rule.make] = nil
        case .int,
          .numberText where !rule.isFlag:
          if case .int(let number)? = FieldRule.wholeNumber(
            .parameters, rule.make, .params, rule.key, range: 1...Int.max, makeWritesText: false
          ).forward(value) {
            settings[rule.key] = .int(number)
            flags[rule.make] = nil
          } else {
            report.scenario.append(
              .init(
                name: "metadata.scenario.\(rule.make)", status: .unsupported,
                note: "\(value.serialized) has no sonarflow form"))
          }
        default:
          report.scenario.append(
            .init(name: "metadata.scenario.\(rule.make)", status: .unsupported, note: "not a literal"))
        }
      }
      metadata["scenario"] = .object(flags)
      blueprint["metadata"] = .object(metadata)
      if !settings.isEmpty { document["settings"] = .object(settings) }
    }
    guard case .array(let flow)? = blueprint["flow"] else { throw .notABlueprint("'flow' is not a list") }
    blueprint["flow"] = nil
    guard let first = flow.first else { throw .notABlueprint("'flow' is empty: a scenario needs a trigger") }
    document["trigger"] = .object(try trigger(first))
    document["flow"] = .array(try modules(Array(flow.dropFirst()), path: "flow").map(JSONValue.object))
    var make = blueprint
    if let outer = envelope.envelope { make["envelope"] = .object(outer) }
    if !make.isEmpty { document["make"] = .object(make) }
    return document
  }

  mutating func modules(_ items: [JSONValue], path: String) throws(BlueprintError) -> [JSONObject] {
    var result: [JSONObject] = []
    for (index, item) in items.enumerated() {
      result.append(try module(item, path: "\(path)[\(index)]", role: .flow).yaml)
    }
    return result
  }

  enum Role { case trigger, flow, routeHead }

  mutating func trigger(_ item: JSONValue) throws(BlueprintError) -> JSONObject {
    try module(item, path: "flow[0]", role: .trigger).yaml
  }

  /// One Make module as a scenario module; for the first module of a route, its filter separately
  /// (sonarflow writes it on the route).
  mutating func module(
    _ item: JSONValue, path: String, role: Role
  ) throws(BlueprintError) -> (
    yaml: JSONObject, routeFilter: JSONObject?
  ) {
    guard case .object(var bag) = item else { throw .invalidModule(path, "is not an object") }
    guard let id = bag["id"]?.wholeNumber(), id > 0 else { throw .invalidModule(path, "has no positive integer 'id'") }
    guard case .string(let makeName)? = bag["module"] else { throw .invalidModule(path, "has no 'module' name") }
    var fields: [ImportReport.Field] = []
    var mapping = ModuleMapping.forMake(makeName)
    if let found = mapping, let spec = ModuleCatalogue.standard[found.sonarflowName],
      spec.kind.isTrigger != (role == .trigger)
    {
      fields.append(
        .init(
          name: "module", status: .unsupported,
          note: role == .trigger
            ? "a scenario starting with '\(spec.name)' (not a trigger) has no sonarflow form"
            : "'\(spec.name)' can only be a scenario's trigger"))
      mapping = nil
    }
    if role == .trigger, id != 1, mapping != nil {
      fields.append(.init(name: "id", status: .unsupported, note: "the trigger is module 1 in sonarflow, not \(id)"))
      mapping = nil
    }
    if mapping == nil, ModuleMapping.directives[makeName] != nil {
      fields.append(.init(name: "module", status: .unsupported, note: "a directive ends an error-handler route"))
    }

    var yaml = JSONObject()
    bag["module"] = nil
    if role == .trigger {
      if id != 1 { bag["id"] = .int(id) } else { bag["id"] = nil }
    } else if id == 1 {
      // Module 1 is the trigger in sonarflow; this one (the trigger's Make id is not 1) gets the
      // next free id and keeps its own under make:, for export.
      yaml["id"] = .int(nextFreeID)
      fields.append(
        .init(
          name: "id", status: .unsupported,
          note: "Make id 1 is the trigger's in sonarflow: numbered \(nextFreeID) here, {{1.…}} reads the trigger"))
      nextFreeID += 1
      mapping = nil
    } else {
      yaml["id"] = .int(id)
      bag["id"] = nil
    }
    yaml["module"] = .string(mapping?.sonarflowName ?? MakeModuleSpecs.unsupportedName)
    if case .object(let metadata)? = bag["metadata"], case .object(let designer)? = metadata["designer"],
      case .string(let label)? = designer["name"], !label.trimmingCharacters(in: .whitespaces).isEmpty
    {
      yaml["name"] = .string(label)
    }

    var params = JSONObject()
    var map = JSONObject()
    if mapping != nil {
      // Export writes `parameters` and `mapper` as objects unless the blueprint left them out.
      let absent = ["parameters", "mapper"].filter { bag[$0] == nil }
      if !absent.isEmpty { bag["absent"] = .array(absent.map(JSONValue.string)) }
    }
    if let mapping {
      if mapping.needsWebhookName {
        params["webhookName"] = .string(Self.webhookName(bag, id: id))
        fields.append(
          .init(
            name: "params.webhookName", status: .adapted, note: "made from Make's webhook label; Make has no such field"
          ))
      }
      for side in [FieldRule.MakeSide.parameters, .mapper] {
        let rules = mapping.rules.filter { $0.makeSide == side }
        guard case .object(var original)? = bag[side.rawValue] else { continue }
        if side == .mapper, let whole = mapping.wholeMapper {
          if !original.isEmpty {
            map[whole] = .object(original)
            fields.append(.init(name: "mapper", status: .exact, note: "as map.\(whole)"))
          }
          bag[side.rawValue] = nil
          continue
        }
        if mapping.sonarflowName == "flow.router", side == .parameters {
          continue  // routes read `else` below
        }
        for rule in rules {
          guard let value = original[rule.makeKey] else { continue }
          let name = "\(side.rawValue).\(rule.makeKey)"
          guard let converted = rule.forward(value) else {
            fields.append(
              .init(name: name, status: .unsupported, note: "this value has no sonarflow form; kept for export"))
            continue
          }
          if rule.side == .map { map[rule.key] = converted } else { params[rule.key] = converted }
          if rule.inverse(converted).isJSONEqual(to: value) {
            original[rule.makeKey] = nil
            fields.append(
              .init(
                name: name, status: rule.adaptation == nil ? .exact : .adapted,
                note: rule.adaptation.map { "\($0), as \(rule.side.rawValue).\(rule.key)" }
                  ?? (rule.key == rule.makeKey ? nil : "as \(rule.side.rawValue).\(rule.key)")))
          } else {
            fields.append(
              .init(
                name: name, status: .adapted,
                note:
                  "\(rule.adaptation ?? "converted") as \(rule.side.rawValue).\(rule.key); Make's text kept for export")
            )
          }
        }
        for entry in original.entries where !rules.contains(where: { $0.makeKey == entry.key }) {
          fields.append(
            .init(
              name: "\(side.rawValue).\(entry.key)", status: .unsupported, note: "kept for export; no effect on runs"))
        }
        bag[side.rawValue] = original.isEmpty ? nil : .object(original)
      }
    } else {
      fields.append(
        .init(name: "module", status: .unsupported, note: "kept with its parameters and mapper for export"))
    }

    // The filter on the link into this module.
    var routeFilter: JSONObject?
    if let filter = bag["filter"] {
      if let converted = Self.filter(filter) {
        bag["filter"] = nil
        if role == .routeHead { routeFilter = converted } else { yaml["filter"] = .object(converted) }
        fields.append(.init(name: "filter", status: .exact, note: role == .routeHead ? "on the route" : nil))
      } else if case .null = filter {
        fields.append(.init(name: "filter", status: .unsupported, note: "null filter kept for export"))
      } else {
        fields.append(.init(name: "filter", status: .unsupported, note: "filter without conditions kept for export"))
      }
    }

    if case .array(let routes)? = bag["routes"], mapping?.sonarflowName == "flow.router" {
      bag["routes"] = nil  // per-route keys come back from routes(_:) when there are any
      yaml["routes"] = .array(try self.routes(routes, bag: &bag, fields: &fields, path: path).map(JSONValue.object))
    }

    if case .array(let handler)? = bag["onerror"] {
      yaml["onError"] = .object(try errorHandler(handler, bag: &bag, path: "\(path).onerror"))
    }

    if !params.isEmpty { yaml["params"] = .object(params) }
    if !map.isEmpty { yaml["map"] = .object(map) }
    // Keys in the order readers expect: filter, onError and routes after the fields.
    yaml = Self.ordered(yaml)
    var make = JSONObject([("module", .string(makeName))])
    for entry in bag.entries { make[entry.key] = entry.value }
    yaml["make"] = .object(make)
    report.modules.append(
      .init(
        id: id, makeModule: makeName, sonarflowModule: mapping?.sonarflowName ?? MakeModuleSpecs.unsupportedName,
        fields: fields))
    return (yaml, routeFilter)
  }

  mutating func routes(
    _ routes: [JSONValue], bag: inout JSONObject, fields: inout [ImportReport.Field], path: String
  ) throws(BlueprintError) -> [JSONObject] {
    var fallback: Int?
    if case .object(var parameters)? = bag["parameters"], let index = parameters["else"]?.wholeNumber() {
      fallback = index
      parameters["else"] = nil
      bag["parameters"] = .object(parameters)
    }
    var result: [JSONObject] = []
    var extras: [JSONValue] = []
    for (index, item) in routes.enumerated() {
      guard case .object(var route) = item else { throw .invalidModule("\(path).routes[\(index)]", "is not an object") }
      var yaml = JSONObject()
      var flow: [JSONObject] = []
      var routeFilter: JSONObject?
      if case .array(let modules)? = route["flow"] {
        for (position, module) in modules.enumerated() {
          let converted = try self.module(
            module, path: "\(path).routes[\(index)].flow[\(position)]", role: position == 0 ? .routeHead : .flow)
          flow.append(converted.yaml)
          if position == 0 { routeFilter = converted.routeFilter }
        }
      }
      route["flow"] = nil
      if let routeFilter { yaml["filter"] = .object(routeFilter) }
      yaml["flow"] = .array(flow.map(JSONValue.object))
      result.append(yaml)
      extras.append(.object(route))
    }
    if let index = fallback {
      if result.indices.contains(index), result[index]["filter"] == nil {
        fields.append(.init(name: "parameters.else", status: .exact, note: "as the route's fallback: true"))
        var route = JSONObject([("fallback", .bool(true))])
        for entry in result[index].entries { route[entry.key] = entry.value }
        result[index] = route
      } else if case .object(var parameters)? = bag["parameters"] {
        parameters["else"] = .int(index)
        bag["parameters"] = .object(parameters)
        fields.append(
          .init(
            name: "parameters.else", status: .unsupported,
            note: "Make's fallback route \(index) has a filter; sonarflow runs it as a filtered route"))
      }
    }
    if case .object(let parameters)? = bag["parameters"], parameters.isEmpty { bag["parameters"] = nil }
    if extras.contains(where: { $0.objectValue?.isEmpty == false }) { bag["routes"] = .array(extras) }
    return result
  }

  mutating func errorHandler(
    _ items: [JSONValue], bag: inout JSONObject, path: String
  ) throws(BlueprintError)
    -> JSONObject
  {
    var modules = items
    var handler = JSONObject()
    var directive: JSONObject?
    if case .object(let last)? = modules.last, case .string(let name)? = last["module"],
      ModuleMapping.directives[name] != nil
    {
      directive = last
      modules.removeLast()
    }
    handler["flow"] = .array(try self.modules(modules, path: path).map(JSONValue.object))
    if let directive, case .string(let name)? = directive["module"], let then = ModuleMapping.directives[name] {
      handler["then"] = .string(then)
      if let extra = DirectiveSettings.forward(directive, then: then) { handler[extra.key] = extra.value }
      bag["onerror"] = .object(directive)
      if let id = directive["id"]?.wholeNumber() {
        report.modules.append(
          .init(
            id: id, makeModule: name, sonarflowModule: "onError.then: \(then)",
            fields: DirectiveSettings.report(directive, then: then)))
      }
    } else {
      // A route without a directive ends like Ignore (Make's documented behaviour).
      handler["then"] = "ignore"
      bag["onerror"] = .null
    }
    return handler
  }

  /// Make's `{name, conditions: [[{a, o, b}]]}` as sonarflow's filter; nil when sonarflow cannot
  /// say the same (no conditions, unknown keys).
  static func filter(_ value: JSONValue) -> JSONObject? {
    guard case .object(let filter) = value, Set(filter.keys).isSubset(of: ["name", "conditions"]),
      case .array(let groups)? = filter["conditions"], !groups.isEmpty
    else { return nil }
    var result = JSONObject()
    if let name = filter["name"] {
      guard case .string(let text) = name, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
      result["name"] = name
    }
    var converted: [JSONValue] = []
    for group in groups {
      guard case .array(let conditions) = group, !conditions.isEmpty else { return nil }
      var items: [JSONValue] = []
      for condition in conditions {
        guard case .object(let object) = condition, Set(object.keys).isSubset(of: ["a", "o", "b"]),
          object.keys.count == Set(object.keys).count, let a = object["a"], case .string(let op)? = object["o"],
          !op.trimmingCharacters(in: .whitespaces).isEmpty
        else { return nil }
        var item = JSONObject([("a", a), ("op", .string(op))])
        if let b = object["b"] { item["b"] = b }
        items.append(.object(item))
      }
      converted.append(.array(items))
    }
    result["conditions"] = .array(converted)
    return result
  }

  static func webhookName(_ module: JSONObject, id: Int) -> String {
    var label: String?
    if case .object(let metadata)? = module["metadata"], case .object(let restore)? = metadata["restore"],
      case .object(let parameters)? = restore["parameters"]
    {
      for key in ["hook", "__IMTHOOK__"] {
        if case .object(let hook)? = parameters[key], case .string(let text)? = hook["label"] { label = text }
      }
    }
    if let label {
      let slug = label.lowercased().unicodeScalars.map { scalar -> String in
        (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) ? String(scalar) : "-"
      }.joined().split(separator: "-").joined(separator: "-")
      if !slug.isEmpty { return slug }
    }
    return "make-webhook-\(id)"
  }

  static func ordered(_ yaml: JSONObject) -> JSONObject {
    let order = ["id", "module", "name", "params", "map", "filter", "onError", "routes"]
    return JSONObject(order.compactMap { key in yaml[key].map { (key, $0) } })
  }
}
