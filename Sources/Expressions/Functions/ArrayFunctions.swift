import OrderedCollections

/// The array functions (reference §4.5); `length` and `contains` are declared with the text
/// functions and listed in both groups. Positions are 1-based except `slice`'s (0-based, as in
/// JavaScript).
enum ArrayFunctions {
  static let specs: [FunctionSpec] = [
    FunctionSpec(
      "add", groups: [.array],
      parameters: [.required("array", .array), .variadic("value", .any, optional: false)],
      result: .array,
      summary: "A new array with the values appended.",
      examples: [
        .init("{{add(split(a,b; ,); c)}}", "a, b, c"), .init("{{toString(add(emptyarray; 1; x))}}", #"[1,"x"]"#),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        .array(arguments.array(0) + arguments.values.dropFirst())
      }),
    FunctionSpec(
      "arrayDiff", groups: [.array],
      parameters: [.required("array1", .array), .required("array2", .array), .optional("mode", .text)],
      result: .array,
      summary:
        "classic (default): the items of array1 that are not in array2; symmetric: the items in exactly one of the arrays.",
      examples: [
        .init("{{arrayDiff(split(1,2,3,4,5; ,); split(3,4,5,6,7; ,))}}", "1, 2"),
        .init("{{arrayDiff(split(3,4,5,6,7; ,); split(1,2,3,4,5; ,))}}", "6, 7"),
        .init("{{arrayDiff(split(1,2,3,4,5; ,); split(3,4,5,6,7; ,); symmetric)}}", "1, 2, 6, 7"),
        .init("{{arrayDifference(split(1,2,3,4,5; ,); split(3,4,5,6,7; ,); symmetric)}}", "1, 2, 6, 7"),
      ],
      // Make's palette says arrayDiff; its newer reference documents the same function, modes
      // and examples as arrayDifference (reference §4.5): one function, two names.
      aliases: ["arrayDifference"],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let first = arguments.array(0)
        let second = arguments.array(1)
        let mode = arguments.isGiven(2) ? try arguments.text(2).lowercased() : "classic"
        let secondSet = Set(second)
        switch mode {
        case "classic": return .array(first.filter { !secondSet.contains($0) })
        case "symmetric":
          let firstSet = Set(first)
          return .array(first.filter { !secondSet.contains($0) } + second.filter { !firstSet.contains($0) })
        default:
          throw .invalidValue("unknown '\(arguments.function)' mode '\(mode)'", fixHint: "Use classic or symmetric.")
        }
      }),
    FunctionSpec(
      "arrayElement", groups: [.array],
      parameters: [.required("array", .array), .required("index", .number)],
      result: .any,
      summary:
        "The item at the 1-based index (as get and [n]); 0, a negative index or one past the end gives empty. From Make's newer reference.",
      examples: [
        .init("{{arrayElement(1.items; 2)}}", "2"), .init("{{get(arrayElement(1.contacts; 3); name)}}", "amy"),
        .init("{{arrayElement(1.items; 4)}}", ""),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let items = arguments.array(0)
        guard let index = try arguments.integer(1), index >= 1, index <= items.count else { return .null }
        return items[index - 1]
      }),
    FunctionSpec(
      "arrayIntersect", groups: [.array],
      parameters: [.required("array1", .array), .required("array2", .array)],
      result: .array,
      summary: "The items of array1 that are also in array2, in array1's order, without repeats.",
      examples: [.init("{{arrayIntersect(split(1,2,3,2; ,); split(2,3,4; ,))}}", "2, 3")],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let second = Set(arguments.array(1))
        var seen = Set<Value>()
        return .array(arguments.array(0).filter { second.contains($0) && seen.insert($0).inserted })
      }),
    FunctionSpec(
      "deduplicate", groups: [.array],
      parameters: [.required("array", .array)],
      result: .array,
      summary: "The array without repeated items, keeping first occurrences.",
      examples: [.init("{{deduplicate(split(1,1,2,1; ,))}}", "1, 2")],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        var seen = Set<Value>()
        return .array(arguments.array(0).filter { seen.insert($0).inserted })
      }),
    FunctionSpec(
      "distinct", groups: [.array],
      parameters: [.required("array", .array), .optional("key", .text)],
      result: .array,
      summary:
        "The array without repeats; with a key (raw name or dot path), items compare by that property and the first of each value stays.",
      examples: [
        .init("{{distinct(split(a,b,a; ,))}}", "a, b"),
        .init("{{join(map(distinct(1.contacts; age); name); /)}}", "Tim/Bob/amy"),
        .init("{{length(distinct(add(1.contacts; 1.user); age))}}", "3"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let path = arguments.isGiven(1) ? PathComponent.parse(dotted: try arguments.text(1)) : []
        var seen = Set<Value>()
        return .array(arguments.array(0).filter { seen.insert(path.isEmpty ? $0 : $0.value(at: path)).inserted })
      }),
    FunctionSpec(
      "first", groups: [.array],
      parameters: [.required("array", .array)],
      result: .any,
      summary: "The first item; an empty array gives empty.",
      examples: [.init("{{first(1.items)}}", "1"), .init("{{first(emptyarray)}}", "")],
      implementation: .eager { arguments, _ throws(EvaluationError) in arguments.array(0).first ?? .null }),
    FunctionSpec(
      "flatten", groups: [.array],
      parameters: [.required("array", .array), .optional("depth", .number)],
      result: .array,
      summary: "Concatenates nested arrays into one, one level deep by default (like JavaScript's flat).",
      examples: [
        .init("{{toString(flatten(add(emptyarray; 1; add(emptyarray; 2; add(emptyarray; 3)))))}}", "[1,2,[3]]"),
        .init("{{toString(flatten(add(emptyarray; 1; add(emptyarray; 2; add(emptyarray; 3))); 2))}}", "[1,2,3]"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let depth = max(0, min(64, try arguments.integer(1) ?? 1))
        return .array(flatten(arguments.array(0), depth: depth))
      }),
    FunctionSpec(
      "join", groups: [.array],
      parameters: [.required("array", .array), .required("separator", .text)],
      result: .text,
      summary: "The items as one text with the separator between them (empty items stay empty).",
      examples: [
        .init("{{join(split(a,b,c; ,); \" - \")}}", "a - b - c"), .init("{{join(1.items; space)}}", "1 2 3"),
        .init("{{join(emptyarray; ,)}}", ""),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let separator = try arguments.text(1)
        var text = ""
        for (index, item) in arguments.array(0).enumerated() {
          if index > 0 { text += separator }
          if case .text(let string) = item { text += string } else { text += item.rendered }
        }
        return .text(text)
      }),
    FunctionSpec(
      "keys", groups: [.array],
      parameters: [.required("object", .any)],
      result: .array,
      summary: "The keys of a collection, in order (for an array: its 0-based indexes as text, like JavaScript).",
      examples: [.init("{{keys(1.user)}}", "name, email, password, age")],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        switch arguments[0] {
        case .collection(let dictionary): return .array(dictionary.keys.map(Value.text))
        case .array(let items): return .array(items.indices.map { .text(String($0)) })
        case .null: return .array([])
        default:
          throw .invalidArgument(function: "keys", parameter: "object", expected: "a collection", got: arguments[0])
        }
      }),
    FunctionSpec(
      "last", groups: [.array],
      parameters: [.required("array", .array)],
      result: .any,
      summary: "The last item; an empty array gives empty.",
      examples: [.init("{{last(1.items)}}", "3"), .init("{{last(emptyarray)}}", "")],
      implementation: .eager { arguments, _ throws(EvaluationError) in arguments.array(0).last ?? .null }),
    FunctionSpec(
      "map", groups: [.array],
      parameters: [
        .required("complex array", .array), .required("key", .text), .optional("key for filtering", .text),
        .optional("possible values for filtering", .text),
      ],
      result: .array,
      summary:
        "The value of a key (raw name or dot path) in every collection of the array; with a filter, only items whose filter key has one of the comma-separated values. Items without the key are left out.",
      examples: [
        .init("{{map(1.contacts; name)}}", "Tim, Bob, amy"),
        .init("{{map(1.contacts; name; label; work,home)}}", "Tim, Bob"),
        .init("{{first(map(1.contacts; age; name; Bob))}}", "22"),
      ],
      specialize: { constants in
        // A literal key (the usual case) is split into a path once, with the template.
        guard constants.count == 2, case .text(let key)? = constants[1] else { return nil }
        let path = PathComponent.parse(dotted: key)
        return .eager { arguments, _ throws(EvaluationError) in .array(mapValues(arguments.array(0), path: path)) }
      },
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let path = PathComponent.parse(dotted: try arguments.text(1))
        guard arguments.isGiven(2) else { return .array(mapValues(arguments.array(0), path: path)) }
        let filterPath = PathComponent.parse(dotted: try arguments.text(2))
        let list: [String]
        if case .array(let items) = arguments[3] {
          list = items.map(\.rendered)
        } else {
          list = try arguments.text(3).split(separator: ",", omittingEmptySubsequences: false).map {
            TextSupport.trim(String($0))
          }
        }
        let allowed = Set(list)
        return .array(
          mapValues(arguments.array(0).filter { allowed.contains($0.value(at: filterPath).rendered) }, path: path))
      }),
    FunctionSpec(
      "merge", groups: [.array],
      parameters: [.required("array1", .array), .variadic("array2", .array, optional: true)],
      result: .array,
      summary: "The arrays concatenated into one (a value that is not an array joins as one item).",
      examples: [.init("{{merge(split(1; ,); split(2,3; ,))}}", "1, 2, 3")],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        .array(arguments.values.flatMap(Coercion.array(from:)))
      }),
    FunctionSpec(
      "remove", groups: [.array],
      parameters: [.required("array", .array), .variadic("value", .any, optional: false)],
      result: .array,
      summary: "The array without the items equal to any of the values.",
      examples: [.init("{{remove(split(1,2,3,2; ,); 2)}}", "1, 3")],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let unwanted = Array(arguments.values.dropFirst())
        return .array(arguments.array(0).filter { item in !unwanted.contains { TextFunctions.strictEquals(item, $0) } })
      }),
    FunctionSpec(
      "reverse", groups: [.array],
      parameters: [.required("array", .array)],
      result: .array,
      summary: "The items in reverse order.",
      examples: [.init("{{reverse(1.items)}}", "3, 2, 1")],
      implementation: .eager { arguments, _ throws(EvaluationError) in .array(arguments.array(0).reversed()) }),
    FunctionSpec(
      "shuffle", groups: [.array],
      parameters: [.required("array", .array)],
      result: .array,
      summary: "The items in random order.",
      examples: [.init("{{length(shuffle(1.items))}}", "3"), .init("{{sum(shuffle(1.items))}}", "6")],
      implementation: .eager { arguments, _ throws(EvaluationError) in .array(arguments.array(0).shuffled()) }),
    FunctionSpec(
      "slice", groups: [.array],
      parameters: [.required("array", .array), .required("start", .number), .optional("end", .number)],
      result: .array,
      summary:
        "The items from start (0-based) up to end (exclusive, default: the end); negative positions count from the end.",
      examples: [
        .init("{{slice(split(a,b,c,d; ,); 1; 3)}}", "b, c"), .init("{{slice(split(a,b,c,d; ,); -2)}}", "c, d"),
        .init("{{slice(1.items; 5)}}", ""),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let items = arguments.array(0)
        let count = items.count
        func resolve(_ position: Int) -> Int { position < 0 ? max(0, count + position) : min(position, count) }
        let start = resolve(try arguments.integer(1) ?? 0)
        let end = resolve(try arguments.integer(2) ?? count)
        return .array(start < end ? Array(items[start..<end]) : [])
      }),
    FunctionSpec(
      "sort", groups: [.array],
      parameters: [.required("array", .array), .optional("order", .text), .optional("key", .text)],
      result: .array,
      summary:
        "Sorted items: order asc (default), desc, asc ci or desc ci (case-insensitive); key sorts collections by a property (dot path). sort(array; key) works when the second argument is not an order.",
      examples: [
        .init("{{sort(split(b,C,a,B,c,A; ,))}}", "A, B, C, a, b, c"),
        .init("{{sort(split(b,C,a,B,c,A; ,); desc)}}", "c, b, a, C, B, A"),
        .init("{{sort(split(b,C,a,B,c,A; ,); asc ci)}}", "A, a, B, b, C, c"),
        .init("{{sort(split(b,C,a,B,c,A; ,); desc ci)}}", "C, c, B, b, A, a"),
        .init("{{join(map(sort(1.contacts; name); name); ,)}}", "Bob,Tim,amy"),
        .init("{{join(map(sort(1.contacts; desc; age); name); ,)}}", "amy,Tim,Bob"),
        .init("{{sort(split(10,9,100; ,))}}", "10, 100, 9"),
        .init("{{sort(add(emptyarray; 10; 9; 100))}}", "9, 10, 100"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        var order = "asc"
        var keyText: String?
        if arguments.isGiven(1) {
          let second = try arguments.text(1).lowercased()
          if ["asc", "desc", "asc ci", "desc ci"].contains(second) {
            order = second
            if arguments.isGiven(2) { keyText = try arguments.text(2) }
          } else {
            keyText = try arguments.text(1)
            if arguments.isGiven(2) { order = try arguments.text(2).lowercased() }
          }
        }
        let path = keyText.map(PathComponent.parse(dotted:)) ?? []
        let descending = order.hasPrefix("desc")
        let caseInsensitive = order.hasSuffix("ci")
        let sorted = arguments.array(0).enumerated().sorted { lhs, rhs in
          let a = path.isEmpty || !lhs.element.isCollection ? lhs.element : lhs.element.value(at: path)
          let b = path.isEmpty || !rhs.element.isCollection ? rhs.element : rhs.element.value(at: path)
          let primary = sortOrder(a, b, caseInsensitive: caseInsensitive)
          if primary != 0 { return descending ? primary > 0 : primary < 0 }
          // Case-insensitive ties: upper case first, whatever the direction.
          if caseInsensitive {
            let tie = sortOrder(a, b, caseInsensitive: false)
            if tie != 0 { return tie < 0 }
          }
          return lhs.offset < rhs.offset
        }
        return .array(sorted.map(\.element))
      }),
    FunctionSpec(
      "toArray", groups: [.array],
      parameters: [.required("collection", .collection)],
      result: .array,
      summary: "A collection as an array of {key, value} collections, one per key, in order.",
      examples: [
        .init(
          "{{toString(toArray(pick(1.user; name; age)))}}", #"[{"key":"name","value":"Bob"},{"key":"age","value":22}]"#)
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        switch arguments[0] {
        case .collection(let dictionary):
          return .array(dictionary.map { .collection(["key": .text($0.key), "value": $0.value]) })
        case .array: return arguments[0]
        case .null: return .array([])
        default:
          throw .invalidArgument(
            function: "toArray", parameter: "collection", expected: "a collection", got: arguments[0])
        }
      }),
    FunctionSpec(
      "toCollection", groups: [.array],
      parameters: [.required("array", .array), .required("key", .text), .required("value", .text)],
      result: .collection,
      summary:
        "One collection from an array of collections, using the named properties as key and value (later keys win).",
      examples: [.init("{{toString(toCollection(1.contacts; name; age))}}", #"{"Tim":23,"Bob":22,"amy":31}"#)],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let keyPath = PathComponent.parse(dotted: try arguments.text(1))
        let valuePath = PathComponent.parse(dotted: try arguments.text(2))
        var result = OrderedDictionary<String, Value>()
        for item in arguments.array(0) {
          let key = item.value(at: keyPath)
          guard key != .null else { continue }
          result[key.rendered] = item.value(at: valuePath)
        }
        return .collection(result)
      }),
  ]

  /// `map`'s core: the value at `path` of every item, empty values left out.
  static func mapValues(_ items: [Value], path: [PathComponent]) -> [Value] {
    var result: [Value] = []
    result.reserveCapacity(items.count)
    for item in items {
      let value = item.value(at: path)
      if value != .null { result.append(value) }
    }
    return result
  }

  static func flatten(_ items: [Value], depth: Int) -> [Value] {
    guard depth > 0 else { return items }
    var result: [Value] = []
    for item in items {
      if case .array(let inner) = item { result += flatten(inner, depth: depth - 1) } else { result.append(item) }
    }
    return result
  }

  /// Numbers before texts; numbers numerically, dates chronologically, texts by code point
  /// (optionally ignoring case, ties broken case-sensitively), other values after.
  static func sortOrder(_ a: Value, _ b: Value, caseInsensitive: Bool) -> Int {
    func rank(_ value: Value) -> Int {
      switch value {
      case .number: 0
      case .date: 1
      case .boolean: 2
      case .text: 3
      case .null: 5
      default: 4
      }
    }
    let (ra, rb) = (rank(a), rank(b))
    if ra != rb { return ra < rb ? -1 : 1 }
    switch (a, b) {
    case (.text(let x), .text(let y)):
      if caseInsensitive { return Operators.compareText(x.lowercased(), y.lowercased()) }
      return Operators.compareText(x, y)
    default:
      return Operators.compare(a, b) ?? 0
    }
  }
}
