/// The text functions of Make's newer expression engine (reference §4.3, from the Workfront
/// Fusion manual, which carries Make's help text): `concat`, `left`, `right`, `removeAccents`,
/// `pascal`, `replacePattern`, `sortAscString`, `sortDescString`.
extension TextFunctions {
  static let newerSpecs: [FunctionSpec] = [
    FunctionSpec(
      "concat", groups: [.text],
      parameters: [.required("separator", .text), .variadic("text1", .any, optional: false)],
      result: .text,
      summary:
        "The texts joined with the separator (first argument) between them; empty values are left out, arrays join their items.",
      examples: [
        .init("{{concat(-; a; b; c)}}", "a-b-c"), .init("{{concat(space; 1.name; 1.unknown; 1.company)}}", "Ann acme"),
        .init("{{concat(emptystring; 1.items; x)}}", "123x"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let separator = try arguments.text(0)
        var parts: [String] = []
        for index in 1..<max(1, arguments.count) {
          for item in Coercion.array(from: arguments[index]) where !Coercion.isEmpty(item) {
            parts.append(try Coercion.text(from: item))
          }
        }
        return .text(parts.joined(separator: separator))
      }),
    FunctionSpec(
      "left", groups: [.text],
      parameters: [.required("text", .text), .required("length", .number)],
      result: .text,
      summary: "The first `length` characters; the whole text when it is shorter, empty for 0 or less.",
      examples: [
        .init("{{left(Hello; 2)}}", "He"), .init("{{left(Hello; 9)}}", "Hello"), .init("{{left(Hello; -1)}}", ""),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        return .text(String(try arguments.text(0).prefix(max(0, try arguments.integer(1) ?? 0))))
      }),
    FunctionSpec(
      "right", groups: [.text],
      parameters: [.required("text", .text), .required("length", .number)],
      result: .text,
      summary: "The last `length` characters; the whole text when it is shorter, empty for 0 or less.",
      examples: [.init("{{right(Hello; 3)}}", "llo"), .init("{{right(žluťoučký; 4)}}", "učký")],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        return .text(String(try arguments.text(0).suffix(max(0, try arguments.integer(1) ?? 0))))
      }),
    FunctionSpec(
      "removeAccents", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Accented letters become their base letters; everything else is kept (unlike ascii, which drops it).",
      examples: [
        .init("{{removeAccents(Crème brûlée)}}", "Creme brulee"), .init("{{removeAccents(žluť 😀)}}", "zlut 😀"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        return .text(TextSupport.removingDiacritics(try arguments.text(0)))
      }),
    FunctionSpec(
      "pascal", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary:
        "PascalCase: the words (runs of letters and digits) each with a capital first letter and the rest in lower case, joined without separators.",
      examples: [
        .init("{{pascal(hello big WORLD)}}", "HelloBigWorld"), .init("{{pascal(first_name-2)}}", "FirstName2"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        let words = try arguments.text(0).split { !($0.isLetter || $0.isNumber) }
        return .text(words.map { TextSupport.capitalize($0.lowercased()) }.joined())
      }),
    FunctionSpec(
      "replacePattern", groups: [.text],
      parameters: [.required("text", .text), .required("pattern", .text), .required("replacement", .text)],
      result: .text,
      summary:
        "Replaces every match of the regular expression (written without slashes); $& and $1… in the replacement, as in replace.",
      examples: [
        .init("{{replacePattern(a1b22c333; \\d+; #)}}", "a#b#c#"),
        .init("{{replacePattern(John Smith; \"([A-Za-z]+) ([A-Za-z]+)\"; \"$2, $1\")}}", "Smith, John"),
      ],
      implementation: .eager { arguments, context throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        return .text(
          try RegexSupport.replace(
            try arguments.text(0), pattern: try arguments.text(1), flags: "g", with: try arguments.text(2),
            limit: context.regexTimeLimit, function: arguments.function))
      }),
    sortedTexts(
      "sortAscString",
      "The texts of one array or of the arguments in ascending order, ignoring case (ties: upper case first).",
      [("sortAscString(b; C; a)", "a, b, C"), ("sortAscString(split(pear,Apple,fig; ,))", "Apple, fig, pear")],
      descending: false),
    sortedTexts(
      "sortDescString", "The texts of one array or of the arguments in descending order, ignoring case.",
      [("sortDescString(b; C; a)", "C, b, a")], descending: true),
  ]

  private static func sortedTexts(
    _ name: String, _ summary: String, _ examples: [(String, String)], descending: Bool
  ) -> FunctionSpec {
    FunctionSpec(
      name, groups: [.text], parameters: [.variadic("array or text1; text2", .any, optional: false)],
      result: .array, summary: summary, examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, _ throws(EvaluationError) in
        var texts: [String] = []
        for item in arguments.aggregateItems where item != .null { texts.append(try Coercion.text(from: item)) }
        let sorted = texts.sorted { a, b in
          let order = ArrayFunctions.sortOrder(.text(a), .text(b), caseInsensitive: true)
          if order != 0 { return descending ? order > 0 : order < 0 }
          return ArrayFunctions.sortOrder(.text(a), .text(b), caseInsensitive: false) < 0
        }
        return .array(sorted.map(Value.text))
      })
  }
}
