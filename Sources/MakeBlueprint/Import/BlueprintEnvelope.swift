import Basics

/// The four forms a blueprint file takes (docs/make-import.md): bare `{name, flow, metadata}`,
/// Make's API answer `{response: {blueprint}}`, a template `{blueprint, controller}`, and a bare
/// blueprint with extra keys. `blueprint` may also be the blueprint as a JSON string, as Make's
/// API takes it.
struct BlueprintEnvelope {
  var blueprint: JSONObject
  /// The wrapper around the blueprint, without it (nil for a bare blueprint).
  var envelope: JSONObject?
  var name: String?

  init(_ root: JSONValue) throws(BlueprintError) {
    guard case .object(let object) = root else {
      throw .notABlueprint("the file holds \(Self.kind(root)), not an object")
    }
    if object["flow"] != nil {
      blueprint = object
      envelope = nil
    } else if case .object(let response)? = object["response"], let inner = response["blueprint"] {
      blueprint = try Self.object(inner)
      var outer = object
      var rest = response
      rest["blueprint"] = nil
      outer["response"] = .object(rest)
      envelope = outer
    } else if let inner = object["blueprint"] {
      blueprint = try Self.object(inner)
      var outer = object
      outer["blueprint"] = nil
      envelope = outer
    } else {
      throw .notABlueprint("no 'flow' (nor 'blueprint' or 'response.blueprint') at the top level")
    }
    guard case .array? = blueprint["flow"] else { throw .notABlueprint("'flow' is not a list of modules") }
    if case .string(let text)? = blueprint["name"] {
      name = text
    } else if case .object(let controller)? = envelope?["controller"], case .string(let text)? = controller["name"] {
      name = text
    }
  }

  private static func object(_ value: JSONValue) throws(BlueprintError) -> JSONObject {
    switch value {
    case .object(let object): return object
    case .string(let text):
      let parsed: JSONValue
      do {
        parsed = try JSONParser.parse(text, options: .verbatim)
      } catch {
        throw .invalidJSON("'blueprint' text: \(error.description)")
      }
      return try object(parsed)
    default: throw .notABlueprint("'blueprint' is \(kind(value)), not an object")
    }
  }

  private static func kind(_ value: JSONValue) -> String {
    switch value {
    case .object: "an object"
    case .array: "a list"
    case .string: "a text"
    case .null: "null"
    case .bool: "a boolean"
    case .int, .double, .numberText: "a number"
    }
  }
}
