import Foundation
import ScenarioModel
import Testing
import Yams

/// A plain scalar gets the type Yams' default rules give it (YAML 1.2's booleans instead of 1.1's,
/// no timestamps, no merge keys), read without regular expressions.
struct PlainScalarTypeTests {
  /// Yams' own rules, as scenario files used them before: the reference.
  private static let rules: Resolver = {
    let base = Resolver.default.removing(.timestamp).removing(.merge)
    return (try? base.replacing(.bool, with: "^(?:true|True|TRUE|false|False|FALSE)$")) ?? base
  }()

  private static func expected(_ text: String) -> PlainScalarType {
    switch rules.resolveTag(of: Node(text, Tag(.implicit, rules), .plain)) {
    case .null: .null
    case .bool: .bool
    case .int: .int
    case .float: .float
    default: .string
    }
  }

  @Test func everyShortStringOfNumbersSignsAndMarksIsTypedAsYamsTypesIt() {
    // Every string of up to four of these characters: digits of each class, the signs, the
    // point, the colon, the exponent, the base prefixes, a hex letter and the null mark.
    let alphabet = Array("0169_-+.:eEboxa~").map(String.init)
    var texts = [""]
    var level = [""]
    for _ in 1...4 {
      level = level.flatMap { prefix in alphabet.map { prefix + $0 } }
      texts += level
    }
    var mismatches: [String] = []
    for text in texts where PlainScalarType(text) != Self.expected(text) {
      mismatches.append(text)
    }
    #expect(mismatches.isEmpty, "typed unlike Yams: \(mismatches.prefix(20))")
    #expect(texts.count == 69_905)
  }

  @Test(arguments: [
    "true", "True", "TRUE", "false", "False", "FALSE", "yes", "no", "on", "off", "Yes", "tRUE",
    "null", "Null", "NULL", "~", "", "nULL", "none",
    ".inf", ".Inf", ".INF", "-.inf", "+.INF", ".iNF", ".nan", ".NaN", ".NAN", "-.nan", "+.NaN", ".nAn",
    "0", "-0", "+7", "0b1010", "0b", "0b102", "0o17", "0o", "0o8", "017", "019", "0x1F", "0xff_ff", "0x", "0xg",
    "1_000", "1__", "190:20:30", "1:60", "1:5:9", "1:", "-1:30", "0:30", "1:123",
    "1.5", "1.", "1.e5", "1e5", "1e+5", "1E-05", "1e", ".5", "._", ".5e+3", ".5e3", "-.5", "6.8523015e+5",
    "685.230_15e+03", "685_230.15", "190:20:30.15", "190:20:30.", "1:2.3", "+12e03",
    "=", "12 34", "1.2.3", "phone", "+15551234567", "2026-12-07", "١٢٣", "１２", "0x１",
  ])
  func namedCasesAreTypedAsYamsTypesThem(_ text: String) {
    #expect(PlainScalarType(text) == Self.expected(text), "\(text)")
  }

  @Test func aScenarioFilesPlainValuesKeepTheirTypes() throws {
    let source = SourceFile(
      path: "types.yaml",
      text: """
        int: 42
        negative: -7
        float: 2.5
        bool: true
        yes-is-text: yes
        null-value: ~
        empty:
        tagged-text: !!str 42
        quoted: "42"
        date: 2026-12-07
        """)
    guard case .success(.mapping(let mapping)) = YAMLReader.read(source) else {
      Issue.record("the file did not read")
      return
    }
    let types = mapping.entries.map { "\($0.key.value)=\($0.value.scalar.map { "\($0.resolved)" } ?? "?")" }
    #expect(
      types == [
        "int=int(42)", "negative=int(-7)", "float=float(2.5)", "bool=bool(true)", "yes-is-text=string",
        "null-value=null", "empty=null", "tagged-text=string", "quoted=string", "date=string",
      ])
  }

  @Test func keysDifferingOnlyByQuotesAreDuplicates() {
    let source = SourceFile(path: "keys.yaml", text: "1: a\n\"1\": b\n")
    guard case .failure(let diagnostic) = YAMLReader.read(source) else {
      Issue.record("two keys '1' were accepted")
      return
    }
    #expect(diagnostic.id == "yaml.duplicateKey")
  }
}
