/// The general functions of Make's newer expression engine: `isBlank`, `in`, `ifin`, `case`, and
/// `equal` (in Make's skills). Documented with examples in the Workfront Fusion manual, which
/// carries Make's help text (reference §4.1).
extension GeneralFunctions {
  static let newerSpecs: [FunctionSpec] = [
    FunctionSpec(
      "isBlank", groups: [.general],
      parameters: [.required("value", .any)],
      result: .boolean,
      summary:
        "true when the value is missing, null or empty text; unlike ifempty, 0, false, whitespace and an empty array are not blank.",
      examples: [
        .init("{{isBlank(\"\")}}", "true"), .init("{{isBlank(null)}}", "true"), .init("{{isBlank(1.unknown)}}", "true"),
        .init("{{isBlank(Hello)}}", "false"), .init("{{isBlank(0)}}", "false"), .init("{{isBlank(\" \")}}", "false"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        switch arguments[0] {
        case .null: .boolean(true)
        case .text(let text): .boolean(text.isEmpty)
        default: .boolean(false)
        }
      }),
    FunctionSpec(
      "in", groups: [.general],
      parameters: [.required("value", .any), .variadic("value1", .any, optional: false)],
      result: .boolean,
      summary:
        "Whether the value equals one of the values, strictly: same type and value, no conversion (the text \"2\" is not the number 2).",
      examples: [
        .init("{{in(\"B\"; \"A\"; \"B\"; \"C\")}}", "true"), .init("{{in(\"D\"; \"A\"; \"B\"; \"C\")}}", "false"),
        .init("{{in(2; 1; 2; 3)}}", "true"), .init("{{in(\"2\"; 1; 2; 3)}}", "false"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        let value = arguments[0]
        return .boolean((1..<max(1, arguments.count)).contains { arguments[$0] == value })
      }),
    FunctionSpec(
      "ifin", groups: [.general],
      parameters: [
        .required("value", .any), .required("value1", .any),
        .variadic("[value2; …]; trueValue; falseValue", .any, optional: false),
      ],
      result: .any,
      summary:
        "trueValue when the value equals one of the values (strictly, as in), otherwise falseValue: the last two arguments are the results. With three arguments the false value is empty. Only the chosen result is evaluated.",
      examples: [
        .init("{{ifin(\"B\"; \"A\"; \"B\"; \"yes\"; \"no\")}}", "yes"),
        .init("{{ifin(\"D\"; \"A\"; \"B\"; \"yes\"; \"no\")}}", "no"),
        .init("{{ifin(\"X\"; \"X\"; \"found\"; \"not found\")}}", "found"),
      ],
      inferResult: { kinds in
        kinds.count >= 4 ? kinds[kinds.count - 2].union(kinds[kinds.count - 1]) : .any
      },
      implementation: .lazy { arguments, context throws(EvaluationError) in
        guard arguments.count >= 3 else { return .null }  // the compiler refuses fewer
        let value = try arguments.value(0, context)
        // ifin(value; match; result) reads as the three-argument form: no false value.
        let resultsStart = arguments.count >= 4 ? arguments.count - 2 : arguments.count - 1
        for index in 1..<resultsStart {
          if try arguments.value(index, context) == value { return try arguments.value(resultsStart, context) }
        }
        return arguments.count >= 4 ? try arguments.value(arguments.count - 1, context) : .null
      }),
    FunctionSpec(
      "case", groups: [.general],
      parameters: [.required("index", .number), .variadic("value1", .any, optional: false)],
      result: .any,
      summary:
        "The value at the 1-based index (fractions truncated); 0, an index past the last value or an empty index gives empty. Only the chosen value is evaluated.",
      examples: [
        .init("{{case(1; \"Sun\"; \"Mon\"; \"Tue\")}}", "Sun"), .init("{{case(3; \"Sun\"; \"Mon\"; \"Tue\")}}", "Tue"),
        .init("{{case(5; \"a\"; \"b\")}}", ""),
        .init(
          "{{case(dayOfWeek(1.when); Sun; Mon; Tue; Wed; Thu; Fri; Sat)}}", "Thu"),
      ],
      implementation: .lazy { arguments, context throws(EvaluationError) in
        let index = try arguments.value(0, context)
        let number: Double?
        do throws(EvaluationError) { number = try Coercion.number(from: index) } catch {
          throw .invalidArgument(function: "case", parameter: "index", expected: "a number", got: index)
        }
        guard let number else { return .null }
        let position = Arguments.clampedInt(number)
        guard position >= 1, position < arguments.count else { return .null }
        return try arguments.value(position, context)
      }),
    FunctionSpec(
      "equal", groups: [.general],
      parameters: [.required("value1", .any), .required("value2", .any)],
      result: .boolean,
      summary:
        "Whether the two values are equal as the = operator compares them: numbers with numeric text, dates with date text, arrays and collections item by item.",
      examples: [
        .init("{{equal(1; 1)}}", "true"), .init("{{equal(1.user.age; \"22\")}}", "true"),
        .init("{{equal(1.items; split(1,2,3; ,))}}", "false"), .init("{{equal(1.items; 1.items)}}", "true"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        .boolean(Operators.equals(arguments[0], arguments[1]))
      }),
  ]
}
