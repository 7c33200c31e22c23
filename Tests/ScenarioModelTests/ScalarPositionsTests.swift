import SonarflowTesting
import Testing

@testable import ScenarioModel

/// Positions inside YAML strings, for diagnostics about mapping expressions.
@Suite struct ScalarPositionsTests {
  /// Parses `key: <value>` documents and returns the location of `offset` inside the value.
  private func location(_ marked: MarkedText, offsetOf needle: String) throws -> ScenarioModel.SourceLocation? {
    let source = SourceFile(path: "t.yaml", text: marked.text)
    guard case .success(let root) = YAMLReader.read(source), let scalar = root.mapping?["text"]?.scalar else {
      Issue.record("not a mapping with 'text'")
      return nil
    }
    let value = Array(scalar.value.unicodeScalars)
    let target = Array(needle.unicodeScalars)
    guard
      let offset = (0...(value.count - target.count)).first(where: { Array(value[$0..<$0 + target.count]) == target })
    else {
      Issue.record("'\(needle)' not in '\(scalar.value)'")
      return nil
    }
    return source.locations(of: scalar)[offset]
  }

  @Test(arguments: [
    "text: Hi {{1️⃣uper(1.name)}}\n",
    "text: \"Hi {{1️⃣uper(1.name)}}\"\n",
    "text: 'Hi {{1️⃣uper(1.name)}}'\n",
    "text: \"Say \\\"hi\\\" {{1️⃣uper(1.name)}}\"\n",
    "text: 'It''s {{1️⃣uper(1.name)}}'\n",
    "text: \"caf\\u00e9 {{1️⃣uper(1.name)}}\"\n",
    "text: |\n  Hello\n  {{1️⃣uper(1.name)}}\n",
    "text: >\n  Hello\n  there {{1️⃣uper(1.name)}}\n",
    "text: \"a long line\n  folded {{1️⃣uper(1.name)}}\"\n",
    "text: plain that\n  continues {{1️⃣uper(1.name)}}\n",
    "{ a: 1, text: \"x {{1️⃣uper(1.name)}}\" }\n",
  ])
  func offsetsMapToTheirLineAndColumn(marked: String) throws {
    let text = MarkedText(marked)
    let expected = try #require(text["1️⃣"])
    let found = try location(text, offsetOf: "uper")
    #expect(found?.line == expected.line)
    #expect(found?.column == expected.column)
  }
}
