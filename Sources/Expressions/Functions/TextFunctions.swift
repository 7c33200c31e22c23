import Basics
import Foundation

/// The text and binary functions (reference §4.3). `length` and `contains` also serve arrays.
enum TextFunctions {
  static let specs: [FunctionSpec] = [
    FunctionSpec(
      "ascii", groups: [.text],
      parameters: [.required("text", .text), .optional("remove diacritics", .boolean)],
      result: .text,
      summary: "Removes every non-ASCII character; with true, accented letters first become their base letters.",
      examples: [.init("{{ascii(ěMščařžkýáeíé)}}", "Make"), .init("{{ascii(ěščřž; true)}}", "escrz")],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        var text = try arguments.text(0)
        if arguments.boolean(1) { text = TextSupport.removingDiacritics(text) }
        return .text(String(String.UnicodeScalarView(text.unicodeScalars.filter(\.isASCII))))
      }),
    FunctionSpec(
      "base64", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Base64 of the text's UTF-8 bytes (or of binary data's bytes).",
      examples: [.init("{{base64(Make)}}", "TWFrZQ==")],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        return .text(try Coercion.binary(from: arguments[0]).base64EncodedString())
      }),
    FunctionSpec(
      "capitalize", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Upper-cases the first character; the rest is unchanged.",
      examples: [.init("{{capitalize(make)}}", "Make"), .init("{{capitalize(élan vital)}}", "Élan vital")],
      implementation: textMap(TextSupport.capitalize)),
    FunctionSpec(
      "contains", groups: [.text, .array],
      parameters: [.required("text or array", .any), .required("value", .any)],
      result: .boolean,
      summary:
        "For text, whether it contains the search text (case-sensitive); for an array, whether an item equals the value.",
      examples: [
        .init("{{contains(Hello World; Hello)}}", "true"), .init("{{contains(Hello World; Bye)}}", "false"),
        .init("{{contains(split(a,b; ,); b)}}", "true"), .init("{{contains(1.items; 4)}}", "false"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        switch arguments[0] {
        case .null: return .boolean(false)
        case .array(let items):
          let needle = arguments[1]
          return .boolean(items.contains { strictEquals($0, needle) })
        default:
          let search = try arguments.text(1)
          let text = try arguments.text(0)
          return .boolean(search.isEmpty || text.contains(search))
        }
      }),
    FunctionSpec(
      "decodeURL", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Decodes percent-encoded text; malformed sequences leave the text unchanged.",
      examples: [.init("{{decodeURL(Automate%20your%20workflow)}}", "Automate your workflow")],
      implementation: textMap { $0.removingPercentEncoding ?? $0 }),
    FunctionSpec(
      "encodeURL", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Percent-encodes every character except A–Z a–z 0–9 - _ . ! ~ * ' ( ) (like encodeURIComponent).",
      examples: [.init("{{encodeURL(a b&c)}}", "a%20b%26c"), .init("{{encodeURL(č)}}", "%C4%8D")],
      implementation: textMap(TextSupport.encodeURL)),
    FunctionSpec(
      "escapeHTML", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Escapes & < > \" ' as HTML entities.",
      examples: [
        .init("{{escapeHTML(<b>Hello</b>)}}", "&lt;b&gt;Hello&lt;/b&gt;"), .init("{{escapeHTML(a & b)}}", "a &amp; b"),
      ],
      implementation: textMap(TextSupport.escapeHTML)),
    FunctionSpec(
      "escapeJSON", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary:
        "Escapes text for use inside a JSON string literal (quotes, backslashes, control characters); adds no quotes.",
      examples: [.init(#"{{escapeJSON(say "hi")}}"#, #"say \"hi\""#)],
      implementation: textMap(JSONEscaping.escape)),
    FunctionSpec(
      "escapeMarkdown", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary:
        "Replaces Markdown's special characters (backslash, backtick, * _ { } [ ] ( ) # + - ! | < > ~) with numeric HTML entities.",
      examples: [.init("{{escapeMarkdown(# Header)}}", "&#35; Header")],
      implementation: textMap(TextSupport.escapeMarkdown)),
    FunctionSpec(
      "indexOf", groups: [.text],
      parameters: [.required("text", .text), .required("value", .text), .optional("start", .number)],
      result: .number,
      summary: "The 0-based position of the first occurrence at or after start, or -1.",
      examples: [
        .init("{{indexOf(Make; k)}}", "2"), .init("{{indexOf(We love Make; x)}}", "-1"),
        .init("{{indexOf(We love Make; e; 7)}}", "11"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .number(-1) }
        let start = try arguments.integer(2) ?? 0
        return .number(Double(TextSupport.indexOf(try arguments.text(0), try arguments.text(1), start: start)))
      }),
    FunctionSpec(
      "length", groups: [.text, .array],
      parameters: [.required("text, binary or array", .any)],
      result: .number,
      summary: "Characters of a text, bytes of binary data, items of an array, keys of a collection; empty is 0.",
      examples: [
        .init("{{length(hello)}}", "5"), .init("{{length(1.items)}}", "3"), .init("{{length(emptyarray)}}", "0"),
        .init("{{length(žluťoučký)}}", "9"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        switch arguments[0] {
        case .null: return .number(0)
        case .array(let items): return .number(Double(items.count))
        case .collection(let dictionary): return .number(Double(dictionary.count))
        case .binary(let data): return .number(Double(data.count))
        case .text(let text): return .number(Double(text.count))
        default: return .number(Double(try arguments.text(0).count))
        }
      }),
    FunctionSpec(
      "lower", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Lower-case.",
      examples: [.init("{{lower(Hello)}}", "hello"), .init("{{lower(ŽLUŤ)}}", "žluť")],
      implementation: textMap { $0.lowercased() }),
    hash(.md5, examples: [("md5(Make)", "529a05ca6c1263aab080ec4f20754411")]),
    FunctionSpec(
      "replace", groups: [.text],
      parameters: [.required("text", .text), .required("search", .text), .required("replacement", .text)],
      result: .text,
      summary:
        "Replaces every occurrence of the search text; a search written /pattern/flags is a regular expression (first match only without g; $& and $1… in the replacement).",
      examples: [
        .init("{{replace(Hello World; Hello; Hi)}}", "Hi World"),
        .init(
          "{{replace(all these numbers 187 23 1 9565 will be replaced with x; /\\d+/g; x)}}",
          "all these numbers x x x x will be replaced with x"),
        .init("{{replace(Phone number is 777111222; /\\d+/g; +420$&)}}", "Phone number is +420777111222"),
        .init("{{replace(Phone number is 777111222; / is (\\d)/; : +42$1)}}", "Phone number: +42777111222"),
        .init("{{replace(a-b-c; -; )}}", "abc"),
      ],
      specialize: { constants in
        // A literal regular expression is compiled once, with the template.
        guard constants.count == 3, case .text(let search)? = constants[1], let literal = RegexSupport.literal(search),
          let regex = try? RegexSupport.compile(pattern: literal.pattern, flags: literal.flags)
        else { return nil }
        let compiled = CompiledRegex(regex: regex, isGlobal: literal.flags.contains("g"))
        return .eager { arguments, context throws(EvaluationError) in
          guard arguments[0] != .null else { return .null }
          return .text(
            try RegexSupport.replace(
              try arguments.text(0), using: compiled, with: try arguments.text(2), limit: context.regexTimeLimit,
              function: arguments.function))
        }
      },
      implementation: .eager { arguments, context throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        let text = try arguments.text(0)
        let search = try arguments.text(1)
        let replacement = try arguments.text(2)
        if let regex = RegexSupport.literal(search) {
          return .text(
            try RegexSupport.replace(
              text, pattern: regex.pattern, flags: regex.flags, with: replacement, limit: context.regexTimeLimit,
              function: arguments.function))
        }
        guard !search.isEmpty else { return .text(text) }
        return .text(text.replacingOccurrences(of: search, with: replacement))
      }),
    FunctionSpec(
      "replaceEmojiCharacters", groups: [.text],
      parameters: [.required("text", .text), .optional("replacement", .text)],
      result: .text,
      summary: "Replaces each emoji with the replacement (default: removes it).",
      examples: [
        .init("{{replaceEmojiCharacters(Hi 😀!; emptystring)}}", "Hi !"),
        .init("{{replaceEmojiCharacters(I ❤️ 🇨🇿; *)}}", "I * *"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        let replacement = try arguments.text(1)
        var output = ""
        for character in try arguments.text(0) {
          if TextSupport.isEmoji(character) { output += replacement } else { output.append(character) }
        }
        return .text(output)
      }),
    hash(
      .sha1,
      examples: [
        ("sha1(Make)", "a94431ee22f05f141107f9355ed3127d0f0c4d5a"),
        ("sha1(abc; base64)", "qZk+NkcGgWq6PiVxeFDCbJzQ2J0="),
      ]),
    hash(
      .sha256,
      examples: [
        ("sha256(abc)", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
          "sha256(The quick brown fox jumps over the lazy dog; hex; key)",
          "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        ),
      ]),
    hash(
      .sha512,
      examples: [
        (
          "sha512(abc)",
          "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        )
      ]),
    FunctionSpec(
      "split", groups: [.text],
      parameters: [.required("text", .text), .required("separator", .text)],
      result: .array,
      summary:
        "The text cut at every occurrence of the separator (literal, no trimming); an empty separator splits into characters.",
      examples: [
        .init("{{toString(split(John, George, Paul; ,))}}", #"["John"," George"," Paul"]"#),
        .init("{{toString(split(\"\"; ,))}}", #"[""]"#), .init("{{length(split(a b c; space))}}", "3"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        let text = try arguments.text(0)
        let separator = try arguments.text(1)
        if separator.isEmpty { return .array(text.map { .text(String($0)) }) }
        return .array(text.components(separatedBy: separator).map(Value.text))
      }),
    FunctionSpec(
      "startcase", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Upper-cases the first letter of every word and lower-cases the rest.",
      examples: [
        .init("{{startcase(hello WORLD)}}", "Hello World"), .init("{{startCase(élan  VITAL)}}", "Élan  Vital"),
      ],
      aliases: ["startCase"],
      implementation: textMap(TextSupport.startCase)),
    FunctionSpec(
      "stripHTML", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Removes HTML tags, keeping the text between them.",
      examples: [.init("{{stripHTML(<b>Hello</b>)}}", "Hello")],
      implementation: textMap(TextSupport.stripHTML)),
    FunctionSpec(
      "substring", groups: [.text],
      parameters: [.required("text", .text), .required("start", .number), .optional("end", .number)],
      result: .text,
      summary:
        "The characters from start (0-based, inclusive) to end (exclusive, default: the end); negative counts as 0, start > end are swapped.",
      examples: [
        .init("{{substring(Hello; 0; 3)}}", "Hel"), .init("{{substring(Hello; 1; 3)}}", "el"),
        .init("{{substring(Hello; 3)}}", "lo"), .init("{{substring(Hello; 4; 1)}}", "ell"),
        .init("{{substring(Hello; -2; 99)}}", "Hello"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        let text = try arguments.text(0)
        return .text(TextSupport.substring(text, start: try arguments.integer(1) ?? 0, end: try arguments.integer(2)))
      }),
    FunctionSpec(
      "toBinary", groups: [.text],
      parameters: [.required("value", .any), .optional("encoding", .text)],
      result: .binary,
      summary:
        "Turns a value into binary data: text as UTF-8, or decoded from base64 or hex when that encoding is given.",
      examples: [
        .init("{{toString(toBinary(TWFrZQ==; base64))}}", "Make"), .init("{{length(toBinary(4d616b65; hex))}}", "4"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        if case .binary = arguments[0] { return arguments[0] }
        let encoding = arguments.isGiven(1) ? try arguments.text(1).lowercased() : "utf8"
        let text = try arguments.text(0)
        switch encoding {
        case "base64":
          guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
            throw .invalidValue("'toBinary' cannot read '\(Value.text(text).preview)' as base64")
          }
          return .binary(data)
        case "hex":
          guard let bytes = Hexadecimal.bytes(text) else {
            throw .invalidValue("'toBinary' cannot read '\(Value.text(text).preview)' as hex")
          }
          return .binary(Data(bytes))
        case "utf8", "utf-8", "text", "binary": return .binary(Data(text.utf8))
        case "latin1", "ascii":
          return .binary(Data(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }))
        default:
          throw .invalidValue("unknown encoding '\(encoding)'", fixHint: "Use base64, hex or utf8.")
        }
      }),
    FunctionSpec(
      "toString", groups: [.text],
      parameters: [.required("value", .any)],
      result: .text,
      summary:
        "Any value as text: numbers, booleans and dates as rendered, binary decoded as UTF-8, arrays and collections as JSON.",
      examples: [
        .init("{{toString(toBinary(TWFrZQ==; base64))}}", "Make"), .init("{{toString(1.items)}}", "[1,2,3]"),
        .init("{{toString(1.5)}}", "1.5"),
      ],
      implementation: .eager { arguments, _ throws(EvaluationError) in
        switch arguments[0] {
        case .array, .collection: return .text(arguments[0].jsonText())
        default: return .text(arguments[0].rendered)
        }
      }),
    FunctionSpec(
      "trim", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Removes whitespace (spaces, tabs, new lines, no-break spaces) from both ends.",
      examples: [.init("{{trim(  a b  )}}", "a b"), .init("[{{trim(newline + \" x\" + tab)}}]", "[x]")],
      implementation: textMap(TextSupport.trim)),
    FunctionSpec(
      "upper", groups: [.text],
      parameters: [.required("text", .text)],
      result: .text,
      summary: "Upper-case.",
      examples: [.init("{{upper(Hello)}}", "HELLO"), .init("{{upper(straße)}}", "STRASSE")],
      implementation: textMap { $0.uppercased() }),
  ]

  /// A text → text function; null stays null.
  private static func textMap(_ transform: @escaping @Sendable (String) -> String) -> FunctionSpec.Implementation {
    .eager { arguments, _ throws(EvaluationError) in
      switch arguments[0] {
      case .null: return .null
      case .text(let text): return .text(transform(text))
      default: return .text(transform(try arguments.text(0)))
      }
    }
  }

  /// Equality for `contains` on arrays: same type and value (no text/number conversion).
  static func strictEquals(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.number(let x), .text(let t)), (.text(let t), .number(let x)):
      // Values mapped from text fields are often numbers written as text.
      return NumberText.parse(t) == x && NumberText.render(x) == t
    default: return a == b
    }
  }

  private static func hash(_ algorithm: DigestAlgorithm, examples: [(String, String)]) -> FunctionSpec {
    let isMD5 = algorithm == .md5
    let parameters: [FunctionSpec.Parameter] =
      isMD5
      ? [.required("text", .text)]
      : [
        .required("text", .text), .optional("output encoding", .text), .optional("key", .any),
        .optional("key encoding", .text),
      ]
    return FunctionSpec(
      algorithm.rawValue, groups: [.text],
      parameters: parameters,
      result: .text,
      summary: isMD5
        ? "The MD5 hash of the text's UTF-8 bytes, as hex."
        : "The \(algorithm.rawValue.uppercased()) hash (HMAC when a key is given) as hex (default), base64 or latin1; key encodings text (default), hex, base64, binary.",
      examples: examples.map { .init("{{\($0.0)}}", $0.1) },
      implementation: .eager { arguments, _ throws(EvaluationError) in
        guard arguments[0] != .null else { return .null }
        let message = [UInt8](try Coercion.binary(from: arguments[0]))
        var digest: [UInt8]
        if arguments.isGiven(2) {
          let keyEncoding = arguments.isGiven(3) ? try arguments.text(3).lowercased() : "text"
          let key: [UInt8]
          switch (keyEncoding, arguments[2]) {
          case (_, .binary(let data)): key = [UInt8](data)
          case ("hex", _):
            guard let bytes = Hexadecimal.bytes(try arguments.text(2)) else {
              throw .invalidValue("the key is not hex")
            }
            key = bytes
          case ("base64", _):
            guard let data = Data(base64Encoded: try arguments.text(2)) else {
              throw .invalidValue("the key is not base64")
            }
            key = [UInt8](data)
          case ("text", _), ("binary", _): key = Array(try arguments.text(2).utf8)
          default:
            throw .invalidValue("unknown key encoding '\(keyEncoding)'", fixHint: "Use text, hex, base64 or binary.")
          }
          digest = algorithm.hmac(key: key, message: message)
        } else {
          digest = algorithm.hash(message)
        }
        let encoding = arguments.isGiven(1) ? try arguments.text(1).lowercased() : "hex"
        switch encoding {
        case "hex": return .text(Hexadecimal.lowercase(digest))
        case "base64": return .text(Data(digest).base64EncodedString())
        case "latin1", "binary": return .text(TextSupport.latin1(digest))
        default: throw .invalidValue("unknown output encoding '\(encoding)'", fixHint: "Use hex, base64 or latin1.")
        }
      })
  }
}
