import Foundation
import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// `validate` on random and damaged scenario files, in process: it always answers with
/// diagnostics positioned inside the file, never crashes, and its memory stays bounded (alias
/// bombs included). Seeded: a failure names the seed that replays it (``Fuzzing``).
@Suite struct ValidateFuzzTests {
  /// Valid scenarios to damage: the examples shipped in scenarios/.
  private static func corpus() throws -> [[UInt8]] {
    let folder = Fixture.repositoryRoot.appendingPathComponent("scenarios")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
      .filter { $0.hasSuffix(".yaml") }
      .map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
  }

  /// YAML syntax, templates, escapes, aliases and the bytes that break decoders.
  private static let interesting: [[UInt8]] =
    [
      ":", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: ", "!!str ", "|\n", ">-\n", "'", "\"", "#", "%YAML 1.2\n",
      "---\n", "...\n", "\t", "\n", "\r\n", "    ", "{{", "}}", "{{1.", "\\u0000", "\\e", "9999999999999999999999",
      "1e400", "~", "null", "true", "id: 2", "module: ", "flow: [", "\u{1B}[31m", "\u{202E}", "\u{FEFF}",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00]]

  @Test func randomAndDamagedFilesGetDiagnosticsInBoundedMemory() throws {
    let fuzzing = Fuzzing(defaultIterations: 1500)
    var generator = fuzzing.generator()
    let corpus = try Self.corpus()
    try #require(!corpus.isEmpty)
    let before = Fuzzing.residentBytes()
    for iteration in 0..<fuzzing.iterations {
      let bytes: [UInt8]
      switch iteration % 10 {
      case 0:
        // Pure noise over YAML's alphabet.
        bytes = (0..<Int.random(in: 0...400, using: &generator)).flatMap { _ in
          Self.interesting.randomElement(using: &generator) ?? []
        }
      case 1:
        bytes = Self.aliasBomb(depth: Int.random(in: 2...12, using: &generator), using: &generator)
      default:
        bytes = Mutation.mutate(
          corpus.randomElement(using: &generator) ?? [], interesting: Self.interesting, using: &generator)
      }
      let path = "fuzz-\(iteration).yaml"
      let diagnostics: [Diagnostic]
      switch YAMLReader.text(of: Data(bytes), path: path) {
      case .failure(let diagnostic): diagnostics = [diagnostic]
      case .success(let text):
        let source = SourceFile(path: path, text: text)
        diagnostics = Validator().validate(source).diagnostics
        for diagnostic in diagnostics {
          guard let location = diagnostic.location else { continue }
          #expect(
            location.line >= 1 && location.line <= source.lines.count + 1 && location.column >= 1,
            "\(diagnostic.id) at \(location) outside the file, iteration \(iteration); \(fuzzing.replay)")
        }
      }
      for diagnostic in diagnostics {
        #expect(!diagnostic.message.isEmpty, "an empty message, iteration \(iteration); \(fuzzing.replay)")
      }
    }
    let grown = Fuzzing.residentBytes() - before
    // Other suites run in this process meanwhile: a generous bound, far below one expanded bomb.
    #expect(grown < 300_000_000, "resident memory grew by \(grown) bytes; \(fuzzing.replay)")
  }

  /// Nested aliases, each level `width` times the one before.
  private static func aliasBomb(depth: Int, using generator: inout SeededGenerator) -> [UInt8] {
    let width = Int.random(in: 2...9, using: &generator)
    var text = "name: x\ntrigger: { module: webhook.custom }\na0: &a0 [lol]\n"
    for level in 1...depth {
      text +=
        "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: width).joined(separator: ",") + "]\n"
    }
    text += "flow: [*a\(depth)]\n"
    return Array(text.utf8)
  }
}
