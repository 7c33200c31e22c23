import Testing

@testable import Expressions

/// Every function called with empty (missing) arguments gives an empty-ish result, not an error:
/// Make passes missing values through.
@Suite struct EmptyInputTests {
  static let expected: [String: String] = [
    "contains": "false", "indexOf": "-1", "length": "0", "sum": "0", "toString": "", "add": "[null]",
    "arrayDiff": "[]", "arrayIntersect": "[]", "deduplicate": "[]", "distinct": "[]",
    "flatten": "[]", "keys": "[]",
    "map": "[]", "merge": "[]", "remove": "[]", "reverse": "[]", "shuffle": "[]", "slice": "[]", "sort": "[]",
    "toArray": "[]", "toCollection": "{}", "join": "",
    // Make's newer functions: a missing value is blank, and equals a missing value.
    "isBlank": "true", "in": "true", "equal": "true", "sortAscNum": "[]", "sortDescNum": "[]", "sortAscString": "[]",
    "sortDescString": "[]",
  ]

  @Test(arguments: FunctionLibrary.standard.specs.map(\.name))
  func missingArgumentsGiveEmpty(name: String) throws {
    let spec = try #require(FunctionLibrary.standard.spec(named: name))
    let arguments = Array(repeating: "1.missing", count: max(1, spec.minimumArguments)).joined(separator: "; ")
    let value = try evaluate("{{\(name)(\(arguments))}}")
    let text: String
    switch value {
    case .array, .collection: text = value.jsonText()
    default: text = value.rendered
    }
    #expect(text == (Self.expected[name] ?? ""), "\(name)")
  }
}
