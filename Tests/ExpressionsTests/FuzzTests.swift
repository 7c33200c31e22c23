import Basics
import Foundation
import SonarflowTesting
import Testing

@testable import Expressions

/// Random and mutated templates through the parser, compiler and evaluator: no crash, no hang,
/// only diagnostics and evaluation errors. Seeded, so failures reproduce.
@Suite struct FuzzTests {
  static let fragments: [String] = [
    "{{", "}}", "{", "}", "(", ")", ";", "\"", "\\", "`", " ", "  ", "\n", "1.", "2.", "1.name", "1.items",
    "1.items[1]",
    "1.contacts[].name", "[", "]", "[]", "[0]", ".", "a", "x", "Ann", "-", "+", "*", "/", "mod", "%", "=", "!=", "<",
    ">=",
    "and", "or", "&", "|", "0", "1", "-1", "2.5", "1e308", "99999999999", "007", "upper(", "lower(", "if(", "ifempty(",
    "switch(", "get(", "set(", "length(", "substring(", "replace(", "/\\d+/g", "/a(/", "/(?<n>x)/", "split(", "join(",
    "map(", "sort(", "slice(", "formatDate(", "parseDate(", "addDays(", "setMonth(", "formatNumber(", "parseNumber(",
    "sha256(", "md5(", "base64(", "toBinary(", "toString(", "flatten(", "add(", "emptyarray", "null", "now", "true",
    "timestamp", "uuid", "random", "pi", "var.x", "var.scenario.name", "`1`", "1.`a b`", "YYYY-MM-DD", "X",
    "Europe/Prague",
    "é", "😀", "ž", "\u{0}", "\u{301}", "\u{FEFF}", "2016-12-28", "uper(", "f(", "((", "))",
    "3.d", "3.b", "3.n", "3.mixed", "3.mixed[4].x", "3.t", "3.nested[]", "3", "trim(", "first(", "keys(", "toArray(",
    "toCollection(", "distinct(", "setDay(", "sha1(", "ascii(", "encodeURL(", "escapeJSON(", "indexOf(",
  ]

  static let corpus: [String] =
    FunctionLibrary.standard.specs.flatMap(\.examples).map(\.template) + [
      "{{1.phone_number}}", "Hi {{ifempty(2.first_name; \"there\")}}, welcome to {{upper(1.company)}}!",
      "{{join(map(2.tags; \"name\"); \", \")}}", "{{length(1.items) * 2}}", "{{substring(trim(1.note); 0; 20)}}",
    ]

  /// 20,000 by default; set SONARFLOW_FUZZ_ROUNDS (and SONARFLOW_FUZZ_SEED) for a longer local run.
  @Test func randomAndMutatedTemplatesNeverCrash() throws {
    let environment = ProcessInfo.processInfo.environment
    let rounds = environment["SONARFLOW_FUZZ_ROUNDS"].flatMap(Int.init) ?? 20_000
    var generator = SplitMix64(seed: environment["SONARFLOW_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_125)
    var context = FunctionSpec.Example.context
    context.setOutput(json(#"{"first_name":"","tags":[{"name":"vip"}],"a b":1}"#), ofModule: 2)
    context.setOutput(
      .collection([
        "d": .date(Date(timeIntervalSince1970: -62_000_000_000)), "b": .binary(Data([0xFF, 0x00, 0xC3])),
        "n": .number(-1e308), "mixed": [1, "a", nil, .collection(["x": []]), true], "t": "2016-12-28",
        "nested": [[[1]], .collection(["a": .collection(["b": [nil]])])],
      ]), ofModule: 3)
    let start = Date()
    var evaluated = 0
    var failed = 0
    // Checked by hand and reported once: an #expect per template would dominate the run time.
    var misplaced: [String] = []
    for round in 0..<rounds {
      let template: String
      if round % 2 == 0 {
        let count = Int.random(in: 1...24, using: &generator)
        template = (0..<count).map { _ in Self.fragments.randomElement(using: &generator) ?? "" }.joined()
      } else {
        template = mutate(Self.corpus.randomElement(using: &generator) ?? "", using: &generator)
      }
      let compiled = Template.compile(template)
      let scalarCount = template.unicodeScalars.count
      for diagnostic in compiled.analysis.diagnostics
      where diagnostic.offset < 0 || diagnostic.length < 0 || diagnostic.offset + diagnostic.length > scalarCount
        || diagnostic.message.isEmpty
      {
        misplaced.append(template)
      }
      for reference in compiled.analysis.references
      where reference.offset < 0 || reference.offset + reference.length > scalarCount {
        misplaced.append(template)
      }
      do {
        let value = try compiled.evaluate(in: context)
        _ = value.rendered
        _ = value.jsonText()
        evaluated += 1
      } catch {
        failed += 1
      }
    }
    #expect(misplaced.isEmpty, "diagnostics or references outside their template: \(misplaced.prefix(5))")
    // Both paths are exercised, and the run stays bounded.
    #expect(evaluated > rounds / 20)
    #expect(failed > rounds / 20)
    #expect(Date().timeIntervalSince(start) < 30 * Double(max(1, rounds / 20_000)))
  }

  private func mutate(_ template: String, using generator: inout SplitMix64) -> String {
    var scalars = Array(template.unicodeScalars)
    let edits = Int.random(in: 1...3, using: &generator)
    for _ in 0..<edits {
      let position = scalars.isEmpty ? 0 : Int.random(in: 0...scalars.count, using: &generator)
      switch Int.random(in: 0..<3, using: &generator) {
      case 0 where position < scalars.count:
        scalars.remove(at: position)
      case 1:
        let fragment = Self.fragments.randomElement(using: &generator) ?? ""
        scalars.insert(contentsOf: fragment.unicodeScalars, at: position)
      default:
        if position < scalars.count {
          let fragment = Self.fragments.randomElement(using: &generator) ?? ""
          scalars.replaceSubrange(position..<min(scalars.count, position + 2), with: fragment.unicodeScalars)
        }
      }
    }
    return String(String.UnicodeScalarView(scalars))
  }

  @Test func pathologicalInputsStayBounded() throws {
    let inputs = [
      String(repeating: "{{", count: 5000),
      String(repeating: "}}", count: 5000),
      "{{" + String(repeating: "(", count: 5000) + "}}",
      "{{" + String(repeating: "upper(", count: 5000) + "}}",
      "{{" + String(repeating: "- ", count: 5000) + "1}}",
      "{{" + String(repeating: "\"", count: 5001) + "}}",
      "{{1." + Array(repeating: "a", count: 5000).joined(separator: ".") + "}}",
      "{{" + Array(repeating: "x", count: 5000).joined(separator: ";") + "}}",
      "{{f(" + Array(repeating: "1", count: 5000).joined(separator: ";") + ")}}",
      "{{sum(" + Array(repeating: "1", count: 5000).joined(separator: ";") + ")}}",
    ]
    for input in inputs {
      let compiled = Template.compile(input)
      _ = try? compiled.evaluate(in: FunctionSpec.Example.context)
    }
    #expect(try render("{{sum(" + Array(repeating: "1", count: 5000).joined(separator: ";") + ")}}") == "5000")
  }
}
