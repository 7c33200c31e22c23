import Basics

/// How one Make module field (`mapper.url`, `parameters.feeder`) becomes one sonarflow field
/// (`map.url`, `params.source`) and back.
///
/// `forward` returns nil when the value has no sonarflow form; the value then stays under the
/// module's `make:` key. When `inverse(forward(v))` is not `v` (an `"5"` read as `5`, `post` as
/// `POST`), the original stays under `make:` as well, and export writes it back as long as the
/// sonarflow field still holds what it was imported as: an edited field is exported from the edit.
struct FieldRule: Sendable {
  enum MakeSide: String, Sendable { case mapper, parameters }
  enum ScenarioSide: String, Sendable { case map, params }

  var makeSide: MakeSide
  var makeKey: String
  var side: ScenarioSide
  var key: String
  /// What the conversion does, for the report; nil when the value is carried as it is.
  var adaptation: String?
  var forward: @Sendable (JSONValue) -> JSONValue?
  var inverse: @Sendable (JSONValue) -> JSONValue

  static func same(_ makeSide: MakeSide, _ makeKey: String, _ side: ScenarioSide, _ key: String? = nil) -> FieldRule {
    FieldRule(
      makeSide: makeSide, makeKey: makeKey, side: side, key: key ?? makeKey, adaptation: nil, forward: { $0 },
      inverse: { $0 })
  }

  /// Make's lower-case method names (`post`) as sonarflow's choices (`POST`).
  static func method(_ makeKey: String = "method") -> FieldRule {
    FieldRule(
      makeSide: .mapper, makeKey: makeKey, side: .map, key: "method", adaptation: "method name upper-cased",
      forward: { value in
        guard case .string(let text) = value else { return nil }
        if text.contains("{{") { return value }
        let upper = text.uppercased()
        return ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(upper) ? .string(upper) : nil
      },
      inverse: { value in
        guard case .string(let text) = value, !text.contains("{{") else { return value }
        return .string(text.lowercased())
      })
  }

  /// Make's `[{name, value}]` pairs as sonarflow's `[{key, value}]`.
  static func pairs(_ makeKey: String, _ key: String) -> FieldRule {
    FieldRule(
      makeSide: .mapper, makeKey: makeKey, side: .map, key: key, adaptation: "{name, value} pairs as {key, value}",
      forward: { value in
        if case .string(let text) = value, text.contains("{{") { return value }
        guard case .array(let items) = value else { return nil }
        var pairs: [JSONValue] = []
        for item in items {
          guard case .object(let object) = item, Set(object.keys).isSubset(of: ["name", "value"]),
            object.keys.count == Set(object.keys).count
          else { return nil }
          pairs.append(.object(JSONObject([("key", object["name"] ?? ""), ("value", object["value"] ?? "")])))
        }
        return .array(pairs)
      },
      inverse: { value in
        guard case .array(let items) = value else { return value }
        return .array(
          items.map { item in
            guard case .object(let object) = item else { return item }
            return .object(JSONObject([("name", object["key"] ?? ""), ("value", object["value"] ?? "")]))
          })
      })
  }

  /// A whole number Make may keep as text (`"5"`), within sonarflow's limits.
  static func wholeNumber(
    _ makeSide: MakeSide, _ makeKey: String, _ side: ScenarioSide, _ key: String, range: ClosedRange<Int>,
    makeWritesText: Bool
  ) -> FieldRule {
    FieldRule(
      makeSide: makeSide, makeKey: makeKey, side: side, key: key,
      adaptation: makeWritesText ? "number kept as text by Make read as a number" : nil,
      forward: { value in
        if case .string(let text) = value, text.contains("{{"), side == .map { return value }
        guard let number = value.wholeNumber(acceptingText: true), range.contains(number) else { return nil }
        return .int(number)
      },
      inverse: { value in
        guard makeWritesText else { return value }
        switch value {
        case .int(let number): return .string(String(number))
        case .numberText(let text): return .string(text)
        default: return value
        }
      })
  }

  /// Make's data store id (`parameters.datastore: 27969`) as the store's name, `datastore-27969`.
  /// A store sonarflow names otherwise has no Make id: export writes `null`, which Make imports as
  /// a module whose data store is still to be chosen.
  static let dataStore = FieldRule(
    makeSide: .parameters, makeKey: "datastore", side: .params, key: "store",
    adaptation: "Make's data store id as the store name datastore-ID",
    forward: { value in
      guard let id = value.wholeNumber(acceptingText: false), id > 0 else { return nil }
      return .string("datastore-\(id)")
    },
    inverse: { value in
      guard case .string(let name) = value, name.hasPrefix("datastore-"), let id = Int(name.dropFirst(10)), id > 0
      else { return .null }
      return .int(id)
    })

  /// A Boolean sonarflow keeps as a static setting: only `true`/`false` literals carry over.
  static func flag(_ makeSide: MakeSide, _ makeKey: String, _ key: String) -> FieldRule {
    FieldRule(
      makeSide: makeSide, makeKey: makeKey, side: .params, key: key, adaptation: nil,
      forward: { value in
        if case .bool = value { return value }
        return nil
      },
      inverse: { $0 })
  }
}
