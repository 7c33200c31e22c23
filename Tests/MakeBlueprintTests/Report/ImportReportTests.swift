import Basics
import MakeBlueprint
import Testing

/// The import report's human text: blueprint values as their JSON text, and every line safe for a
/// terminal.
@Suite struct ImportReportTests {
  private static func report(settings: String, module: String) throws -> ImportReport {
    let text = """
      {"name": "Report", "flow": [
        {"id": 1, "module": "gateway:CustomWebHook", "version": 1, "parameters": {"hook": 1}, "mapper": {}, "metadata": {}},
        {"id": 2, "module": \(module), "version": 1, "parameters": {}, "mapper": {}, "metadata": {}}
      ], "metadata": {"version": 1, "scenario": \(settings)}}
      """
    return try BlueprintImporter.convert(text).report
  }

  @Test func aSettingWithoutASonarflowFormShowsTheNumberAsWritten() throws {
    let report = try Self.report(settings: #"{"maxErrors": 0, "roundtrips": 2.5}"#, module: #""slack:CreateMessage""#)
    #expect(report.human.contains("scenario metadata.scenario.maxErrors: unsupported (0 has no sonarflow form)"))
    #expect(report.human.contains("scenario metadata.scenario.roundtrips: unsupported (2.5 has no sonarflow form)"))
    #expect(!report.human.contains("numberText"))
  }

  @Test func namesFromTheBlueprintAreEscapedForTheTerminal() throws {
    let report = try Self.report(settings: "{}", module: #""evil\u001b]0;title\u0007:x\u2028y""#)
    let human = report.human
    #expect(human.contains(#"module 2 evil\u{1B}]0;title\u{7}:x\u{2028}y -> make.unsupported: unsupported"#))
    #expect(!human.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x2028 })
    // The JSON report keeps the exact name (JSON escapes control characters itself).
    let modules = report.json.objectValue?["modules"]?.arrayValue ?? []
    #expect(modules.last?.objectValue?["makeModule"] == .string("evil\u{1B}]0;title\u{07}:x\u{2028}y"))
  }
}
