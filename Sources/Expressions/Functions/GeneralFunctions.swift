import OrderedCollections

/// `get`, `set`, `if`, `ifempty`, `switch`, `omit`, `pick` (reference §4.1).
enum GeneralFunctions {
  static let specs: [FunctionSpec] = [
    FunctionSpec(
      "get", groups: [.general],
      parameters: [.required("object or array", .any), .required("path", .any)],
      result: .any,
      summary: "The value at a path: dots for nested keys, numbers for 1-based array positions; missing is empty.",
      examples: [
        .init("{{get(1.items; 1 + 1)}}", "2"),
        .init("{{get(1.user; \"name\")}}", "Bob"),
        .init("{{get(1.contacts; \"2.name\")}}", "Bob"),
        .init("{{get(1.items; 9)}}", ""),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let path: [PathComponent]
        switch arguments[1] {
        case .number(let number): path = [.index(Arguments.clampedInt(number))]
        case .null: return .null
        default: path = PathComponent.parse(dotted: try arguments.text(1))
        }
        return arguments[0].value(at: path)
      }),
    FunctionSpec(
      "set", groups: [.general],
      parameters: [.required("object", .collection), .required("path", .text), .required("value", .any)],
      result: .collection,
      summary:
        "A copy of the collection with the value placed at the path (dots for nested keys); missing levels are created.",
      examples: [
        .init(
          "{{toString(set(pick(1.user; \"name\"); \"address.city\"; \"Prague\"))}}",
          #"{"name":"Bob","address":{"city":"Prague"}}"#)
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let path = PathComponent.parse(dotted: try arguments.text(1))
        guard !path.isEmpty else { return arguments[0] }
        let base: Value = arguments[0] == .null ? .collection([:]) : arguments[0]
        return try setValue(arguments[2], at: path[...], in: base)
      }),
    FunctionSpec(
      "if", groups: [.general],
      parameters: [.required("expression", .boolean), .required("value1", .any), .required("value2", .any)],
      result: .any,
      summary: "value1 when the expression is true, otherwise value2; only the chosen value is evaluated.",
      examples: [
        .init("{{if(1 = 1; A; B)}}", "A"),
        .init("{{if(1 = 2; A; B)}}", "B"),
        .init("{{if(1 = 2 and 1 = 2; A; B)}}", "B"),
        .init("{{if(1.empty; yes; no)}}", "no"),
      ],
      inferResult: { kinds in kinds.count >= 3 ? kinds[1].union(kinds[2]) : .any },
      implementation: .lazy { arguments, context throws(EvaluationError) in
        Coercion.boolean(from: try arguments.value(0, context))
          ? try arguments.value(1, context) : try arguments.value(2, context)
      }),
    FunctionSpec(
      "ifempty", groups: [.general],
      parameters: [.required("value1", .any), .required("value2", .any)],
      result: .any,
      summary: "value1 unless it is empty (missing, null, \"\" or an empty array), otherwise value2.",
      examples: [
        .init("{{ifempty(A; B)}}", "A"),
        .init("{{ifempty(1.unknown; B)}}", "B"),
        .init("{{ifempty(\"\"; B)}}", "B"),
        .init("{{ifempty(0; B)}}", "0"),
      ],
      inferResult: { kinds in kinds.count >= 2 ? kinds[0].union(kinds[1]) : .any },
      implementation: .lazy { arguments, context throws(EvaluationError) in
        let first = try arguments.value(0, context)
        return Coercion.isEmpty(first) ? try arguments.value(1, context) : first
      }),
    FunctionSpec(
      "switch", groups: [.general],
      parameters: [
        .required("expression", .any), .required("value1", .any), .required("result1", .any),
        .variadic("value2; result2; …; else", .any),
      ],
      result: .any,
      summary:
        "The result paired with the first value equal to the expression; an odd last argument is the else value; no match is empty.",
      examples: [
        .init("{{switch(B; A; 1; B; 2; C; 3)}}", "2"),
        .init("{{switch(C; A; 1; B; 2; C; 3)}}", "3"),
        .init("{{switch(X; A; 1; B; 2; C; 3; 4)}}", "4"),
        .init("{{switch(X; A; 1)}}", ""),
      ],
      implementation: .lazy { arguments, context throws(EvaluationError) in
        let subject = try arguments.value(0, context)
        var index = 1
        while index + 1 < arguments.count {
          if Operators.equals(subject, try arguments.value(index, context)) {
            return try arguments.value(index + 1, context)
          }
          index += 2
        }
        return index < arguments.count ? try arguments.value(index, context) : .null
      }),
    FunctionSpec(
      "omit", groups: [.general],
      parameters: [.required("collection", .collection), .variadic("key", .text, optional: false)],
      result: .collection,
      summary: "A copy of the collection without the listed keys; unknown keys are ignored.",
      examples: [.init("{{toString(omit(1.user; password; age))}}", #"{"name":"Bob","email":"bob@example.com"}"#)],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard case .collection(var dictionary) = arguments[0] else { return try notCollection(arguments) }
        for key in try keys(arguments) { dictionary.removeValue(forKey: key) }
        return .collection(dictionary)
      }),
    FunctionSpec(
      "mergeCollections", groups: [.general],
      parameters: [.required("collection1", .collection), .required("collection2", .collection)],
      result: .collection,
      summary:
        "The two collections merged, shallowly: keys of collection2 replace those of collection1 (keeping collection1's order), new keys follow.",
      examples: [
        .init(
          "{{toString(mergeCollections(1.user; pick(1.contacts[1]; name; label)))}}",
          #"{"name":"Tim","email":"bob@example.com","password":"secret","age":22,"label":"work"}"#)
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard case .collection(var merged) = arguments[0] else { return try notCollection(arguments) }
        guard case .collection(let other) = arguments[1] else {
          if arguments[1] == .null { return .collection(merged) }
          throw .invalidArgument(
            function: arguments.function, parameter: "collection2", expected: "a collection", got: arguments[1])
        }
        for (key, value) in other { merged[key] = value }
        return .collection(merged)
      }),
    FunctionSpec(
      "pick", groups: [.general],
      parameters: [.required("collection", .collection), .variadic("key", .text, optional: false)],
      result: .collection,
      summary:
        "A copy of the collection with only the listed keys (absent keys stay absent), in the collection's order.",
      examples: [
        .init(
          "{{toString(pick(1.user; password; email; nothing))}}", #"{"email":"bob@example.com","password":"secret"}"#)
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard case .collection(let dictionary) = arguments[0] else { return try notCollection(arguments) }
        let wanted = Set(try keys(arguments))
        return .collection(dictionary.filter { wanted.contains($0.key) })
      }),
  ]

  private static func keys(_ arguments: Arguments) throws(EvaluationError) -> [String] {
    var keys: [String] = []
    for index in 1..<max(1, arguments.count) {
      for item in Coercion.array(from: arguments[index]) { keys.append(try Coercion.text(from: item)) }
    }
    return keys
  }

  private static func notCollection(_ arguments: Arguments) throws(EvaluationError) -> Value {
    if arguments[0] == .null { return .null }
    throw .invalidArgument(
      function: arguments.function, parameter: "collection", expected: "a collection", got: arguments[0])
  }

  private static func setValue(
    _ value: Value, at path: ArraySlice<PathComponent>, in container: Value
  ) throws(EvaluationError) -> Value {
    guard let component = path.first else { return value }
    let rest = path.dropFirst()
    switch (component, container) {
    case (.index(let index), .array(var items)):
      guard index >= 1, index <= items.count + 1 else {
        throw .invalidValue("position \(index) is outside the array of \(items.count) items")
      }
      if index == items.count + 1 {
        items.append(try setValue(value, at: rest, in: .collection([:])))
      } else {
        items[index - 1] = try setValue(value, at: rest, in: items[index - 1])
      }
      return .array(items)
    case (_, .collection(var dictionary)):
      let key: String
      switch component {
      case .key(let name): key = name
      case .index(let index): key = String(index)
      case .allItems: throw .invalidValue("'[]' cannot be used in a path to set")
      }
      let child = dictionary[key] ?? .collection([:])
      dictionary[key] = try setValue(value, at: rest, in: rest.isEmpty ? .null : child)
      return .collection(dictionary)
    case (_, .null):
      return try setValue(value, at: path, in: .collection([:]))
    default:
      throw .invalidValue("cannot set '\(component)' inside a \(container.kind.rawValue)")
    }
  }
}
