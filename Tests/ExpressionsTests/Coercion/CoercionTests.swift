import Foundation
import Testing

@testable import Expressions

@Suite struct CoercionTests {
  let utc = TimeZone(identifier: "UTC") ?? .current

  @Test func emptyValues() {
    #expect(Coercion.isEmpty(.null))
    #expect(Coercion.isEmpty(""))
    #expect(Coercion.isEmpty([]))
    #expect(!Coercion.isEmpty(0))
    #expect(!Coercion.isEmpty(false))
    #expect(!Coercion.isEmpty(" "))
    #expect(!Coercion.isEmpty(.collection([:])))
  }

  @Test(arguments: [
    (Value.boolean(false), false), (0, true), (1, true), ("false", false), ("", false), ("no", true),
    (.null, false), (Value.array([]), false), (Value.array([1]), true), (.collection([:]), true),
  ])
  func toBoolean(value: Value, expected: Bool) {
    #expect(Coercion.boolean(from: value) == expected)
  }

  @Test func toNumber() throws {
    #expect(try Coercion.number(from: "12.5") == 12.5)
    #expect(try Coercion.number(from: " -3 ") == -3)
    #expect(try Coercion.number(from: "1e3") == 1000)
    #expect(try Coercion.number(from: .null) == nil)
    #expect(throws: EvaluationError.self) { try Coercion.number(from: "abc") }
    #expect(throws: EvaluationError.self) { try Coercion.number(from: true) }
  }

  @Test func toText() throws {
    #expect(try Coercion.text(from: 3) == "3")
    #expect(try Coercion.text(from: true) == "true")
    #expect(try Coercion.text(from: ["a", "b"]) == "a, b")
    #expect(throws: EvaluationError.self) { try Coercion.text(from: .collection(["a": 1])) }
    #expect(throws: EvaluationError.self) { try Coercion.text(from: [.collection(["a": 1])]) }
  }

  @Test func toArray() {
    #expect(Coercion.array(from: [1]) == [1])
    #expect(Coercion.array(from: 1) == [1])
    #expect(Coercion.array(from: .null) == [])
  }

  /// Every text form the reference lists for the lenient date parser (§3.2), in UTC.
  @Test(arguments: [
    ("2016-06-20T17:26:44.356Z", "2016-06-20T17:26:44.356Z"),
    ("2016-06-20 19:26:44 GMT+02:00", "2016-06-20T17:26:44.000Z"),
    ("2016-06-20 19:26+0200", "2016-06-20T17:26:00.000Z"),
    ("2016-06-20 17:26:44", "2016-06-20T17:26:44.000Z"),
    ("2016-06-20", "2016-06-20T00:00:00.000Z"),
    ("2016/06/20 17:26:44", "2016-06-20T17:26:44.000Z"),
    ("2016/06/20 19:26:44+02:00", "2016-06-20T17:26:44.000Z"),
    ("2016/06/20 17:26", "2016-06-20T17:26:00.000Z"),
    ("2016/06/20 5:26 PM", "2016-06-20T17:26:00.000Z"),
    ("2016/06/20", "2016-06-20T00:00:00.000Z"),
    ("06/20/2016 17:26:44", "2016-06-20T17:26:44.000Z"),
    ("06/20/2016 19:26:44+02:00", "2016-06-20T17:26:44.000Z"),
    ("06/20/2016 17:26", "2016-06-20T17:26:00.000Z"),
    ("06/20/2016 5:26 PM", "2016-06-20T17:26:00.000Z"),
    ("06/20/2016", "2016-06-20T00:00:00.000Z"),
    ("20.6.2016 17:26:44", "2016-06-20T17:26:44.000Z"),
    ("20.6.2016 19:26:44+02:00", "2016-06-20T17:26:44.000Z"),
    ("20.6.2016 17:26", "2016-06-20T17:26:00.000Z"),
    ("20.6.2016", "2016-06-20T00:00:00.000Z"),
    ("2016-12-08T15:55:57.536-05:00", "2016-12-08T20:55:57.536Z"),
    ("2016/06/20 12:05 AM", "2016-06-20T00:05:00.000Z"),
  ])
  func lenientDates(text: String, iso: String) throws {
    let date = try #require(LenientDateParser.parse(text, timeZone: utc))
    #expect(ISODate.render(date) == iso)
  }

  @Test(arguments: [
    "", "yesterday", "2016-13-01", "2016-02-30", "31.2.2016", "2016-06-20 25:00", "20160620", "1482940986",
    "2016-06-20 x",
  ])
  func notDates(text: String) {
    #expect(LenientDateParser.parse(text, timeZone: utc) == nil)
  }

  @Test func datesWithoutZoneUseTheScenarioZone() throws {
    let prague = try #require(TimeZone(identifier: "Europe/Prague"))
    let date = try #require(LenientDateParser.parse("2016-06-20 19:26", timeZone: prague))
    #expect(ISODate.render(date) == "2016-06-20T17:26:00.000Z")
    #expect(throws: EvaluationError.self) { try Coercion.date(from: .number(1), timeZone: utc) }
  }
}
