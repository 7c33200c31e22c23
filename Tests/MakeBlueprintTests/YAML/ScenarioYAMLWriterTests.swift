import Basics
import MakeBlueprint
import SonarflowTesting
import Testing

/// Every string of a blueprint — names, keys, values — comes back unchanged after import (YAML
/// written by ScenarioYAMLWriter) and export.
@Suite struct ScenarioYAMLWriterTests {
  /// A blueprint whose strings are `text`: the scenario's name, an unsupported module's parameter
  /// key and value, a mapped field, and a mapped field's key.
  private static func blueprint(_ text: String) -> String {
    let sheet = JSONObject([
      ("id", .int(2)), ("module", .string("google-sheets:addRow")), ("version", .int(2)),
      ("parameters", .object(JSONObject([(text, .string(text)), ("sheet", .string("A\(text)"))]))),
      ("mapper", .object(JSONObject([("values", .object(JSONObject([("0", .string(text))])))]))),
      ("metadata", .object(JSONObject([("designer", .object(JSONObject([("x", .int(0)), ("y", .int(0))])))]))),
    ])
    let variable = JSONObject([
      ("id", .int(3)), ("module", .string("util:SetVariable2")), ("version", .int(1)),
      ("parameters", .object(JSONObject())),
      (
        "mapper",
        .object(JSONObject([("name", .string("v")), ("scope", .string("roundtrip")), ("value", .string(text))]))
      ),
      ("metadata", .object(JSONObject([("designer", .object(JSONObject([("x", .int(0)), ("y", .int(0))])))]))),
    ])
    let hook = JSONObject([
      ("id", .int(1)), ("module", .string("gateway:CustomWebHook")), ("version", .int(1)),
      ("parameters", .object(JSONObject([("hook", .int(7)), ("maxResults", .int(1))]))),
      ("mapper", .object(JSONObject())),
      ("metadata", .object(JSONObject([("designer", .object(JSONObject([("x", .int(0)), ("y", .int(0))])))]))),
    ])
    return JSONValue.object(
      JSONObject([
        ("name", .string("Scenario \(text)")),
        ("flow", .array([.object(hook), .object(sheet), .object(variable)])),
        ("metadata", .object(JSONObject([("version", .int(1)), ("scenario", .object(JSONObject()))]))),
      ])
    ).text(pretty: false)
  }

  private static func expectRoundTrip(_ text: String, _ comment: String = "") throws {
    let source = blueprint(text)
    let trip = try RoundTrip(source)
    let difference = firstDifference(.object(trip.original), .object(trip.exported))
    #expect(difference == nil, "\(Array(text.unicodeScalars).map { String($0.value, radix: 16) }) \(comment)")
  }

  @Test(arguments: [
    "\u{80}", "\u{84}", "\u{85}", "\u{86}", "\u{9B}[31m", "\u{9F}", "\u{FFFE}", "\u{FFFF}", "\u{7F}", "\u{2028}",
    "\u{2029}", "\u{FEFF}", "a\u{0}b", "\u{1B}", "tab\there", "line\nbreak\r\n", "\"quoted\" \\ back",
  ])
  func controlAndNonCharactersReadBackUnchanged(_ text: String) throws {
    try Self.expectRoundTrip(text)
  }

  /// Random strings over YAML's troublemakers and the whole of Unicode, seeded (``Fuzzing``).
  @Test func randomStringsReadBackUnchanged() throws {
    let fuzzing = Fuzzing(defaultIterations: 200)
    var generator = fuzzing.generator()
    let interesting: [UInt32] =
      Array(0x00...0x20) + Array(0x7E...0xA0) + [
        0x22, 0x23, 0x26, 0x27, 0x2A, 0x2D, 0x3A, 0x3E, 0x40, 0x5C, 0x60, 0x7B, 0x7C, 0x7D, 0x2028, 0x2029, 0x202E,
        0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x1F600, 0x10FFFF,
      ]
    for _ in 0..<fuzzing.iterations {
      var text = ""
      for _ in 0..<Int.random(in: 0...12, using: &generator) {
        let value: UInt32 =
          Bool.random(using: &generator)
          ? interesting[Int.random(in: 0..<interesting.count, using: &generator)]
          : UInt32.random(in: 0...0x10FFFF, using: &generator)
        if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
      }
      try Self.expectRoundTrip(text, fuzzing.replay)
    }
  }
}
