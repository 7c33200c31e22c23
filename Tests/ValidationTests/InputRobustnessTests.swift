import Foundation
import ScenarioModel
import SonarflowTesting
import Testing
import Validation

/// Whatever a user feeds `validate`, the answer is a clear diagnostic, never a crash.
@Suite struct InputRobustnessTests {
  @Test func invalidYAMLGivesThePosition() {
    let marked = MarkedText(
      """
      name: x
      trigger: { module: webhook.custom
      1️⃣flow: []
      """)
    let diagnostics = validate(marked)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.id == "yaml.syntax")
    #expect(diagnostics.first?.message.hasPrefix("invalid YAML: ") == true)
    #expect(diagnostics.first?.location?.line == marked["1️⃣"]?.line)
  }

  @Test func emptyFile() {
    let diagnostics = validate(MarkedText(""))
    #expect(diagnostics.map(\.id) == ["yaml.empty"])
    #expect(diagnostics.first?.message == "empty scenario file")
  }

  @Test func aScalarIsNotAScenario() {
    let diagnostics = validate(MarkedText("just some words\n"))
    #expect(diagnostics.map(\.message) == ["'scenario' must be a mapping with 'name', 'trigger' and 'flow', not text"])
  }

  @Test func duplicateKeysAreReported() {
    let diagnostics = validate(
      MarkedText("name: a\nname: b\ntrigger: { module: webhook.custom, params: { webhookName: a } }\nflow: []\n"))
    #expect(diagnostics.map(\.id) == ["yaml.duplicateKey"])
    #expect(diagnostics.first?.message == "duplicate key 'name' in one mapping")
  }

  @Test func binaryGarbageIsRefusedClearly() throws {
    let folder = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("garbage.yaml")
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) } + [0]
    try Data(bytes).write(to: file)
    let report = Validator().validate(file: file.path)
    #expect(report.diagnostics.map(\.id) == ["yaml.binaryFile"])
  }

  @Test func invalidUTF8IsRefusedClearly() throws {
    let folder = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("latin1.yaml")
    try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9, 0xFF, 0x0A]).write(to: file)
    #expect(Validator().validate(file: file.path).diagnostics.map(\.id) == ["yaml.notUTF8"])
  }

  @Test func tenMegabyteFileIsRefusedBeforeParsing() throws {
    let folder = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("huge.yaml")
    let line = "# " + String(repeating: "x", count: 1021) + "\n"
    try Data(String(repeating: line, count: 10 * 1024).utf8).write(to: file)
    let diagnostics = Validator().validate(file: file.path).diagnostics
    #expect(diagnostics.map(\.id) == ["yaml.fileTooLarge"])
    #expect(diagnostics.first?.message == "file is 10.0 MB, larger than the 2 MB limit for scenario files")
  }

  @Test func missingFile() {
    let diagnostics = Validator().validate(file: "/nonexistent/scenario.yaml").diagnostics
    #expect(diagnostics.map(\.message) == ["no such file"])
  }

  /// Random mutations of a real scenario: every one yields diagnostics or a clean pass, never a trap.
  @Test func mutatedScenariosNeverCrash() throws {
    let original = Array(
      try String(
        contentsOf: Fixture.repositoryRoot.appendingPathComponent("scenarios/unassigned-message-router.yaml"),
        encoding: .utf8
      ).unicodeScalars)
    var generator = SeededGenerator(seed: 42)
    let alphabet = Array(" \t\n:-{}[]\"'|>#&*!%@`,?0123456789abcxyz{{}}".unicodeScalars)
    for _ in 0..<300 {
      var scalars = original
      for _ in 0..<Int.random(in: 1...8, using: &generator) {
        let index = Int.random(in: 0..<scalars.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: scalars.remove(at: index)
        case 1: scalars.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)], at: index)
        default: scalars[index] = alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
        }
      }
      var text = ""
      text.unicodeScalars.append(contentsOf: scalars)
      let diagnostics = Validator().validate(SourceFile(path: "mutated.yaml", text: text)).diagnostics
      for diagnostic in diagnostics {
        #expect(!diagnostic.message.isEmpty)
        #expect((diagnostic.location?.line ?? 1) >= 1)
      }
    }
  }
}
