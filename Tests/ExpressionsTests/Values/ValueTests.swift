import Basics
import Foundation
import Testing

@testable import Expressions

@Suite struct ValueTests {
  @Test(arguments: [
    (3.0, "3"), (-2, "-2"), (3.5, "3.5"), (1_000_000, "1000000"), (0.1, "0.1"), (-0.0, "0"),
    (1e21, "1e+21"), (1.5e-7, "1.5e-7"), (0.000001, "0.000001"), (123456789012345680000, "123456789012345680000"),
    (1e16, "10000000000000000"), (Double.nan, "NaN"), (-Double.infinity, "-Infinity"), (2.5e-5, "0.000025"),
  ])
  func numbersRenderLikeJavaScript(number: Double, text: String) {
    #expect(Value.number(number).rendered == text)
  }

  @Test func renderingPerReference() {
    #expect(Value.boolean(true).rendered == "true")
    #expect(Value.null.rendered == "")
    #expect(Value.date(Date(timeIntervalSince1970: 1_481_212_557.536)).rendered == "2016-12-08T15:55:57.536Z")
    #expect(Value.array(["a", 1, true]).rendered == "a, 1, true")
    #expect(Value.binary(Data("Make".utf8)).rendered == "Make")
  }

  @Test func datesRenderWithMillisecondsInUTC() {
    #expect(ISODate.render(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    #expect(ISODate.render(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
    #expect(ISODate.render(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
  }

  @Test func jsonKeepsKeyOrderAndTypes() throws {
    let text = #"{"z":1,"a":[true,null,"x",1.5],"m":{"b":2,"a":"\u00e9\n"}}"#
    let value = try Value(jsonText: text)
    #expect(value.jsonText() == #"{"z":1,"a":[true,null,"x",1.5],"m":{"b":2,"a":"é\n"}}"#)
    guard case .collection(let dictionary) = value else {
      Issue.record("expected a collection")
      return
    }
    #expect(Array(dictionary.keys) == ["z", "a", "m"])
  }

  @Test func jsonOfDatesAndBinary() {
    let value: Value = .array([.date(Date(timeIntervalSince1970: 1_767_323_045)), .binary(Data("hi".utf8))])
    #expect(value.jsonText() == #"["2026-01-02T03:04:05.000Z","aGk="]"#)
    #expect(String(decoding: value.toJSONData(), as: UTF8.self) == value.jsonText())
    #expect(Value.collection(["a": [1]]).jsonText(prettyPrinted: true) == "{\n  \"a\": [\n    1\n  ]\n}")
  }

  @Test(arguments: ["{", "[1,", #"{"a" 1}"#, "tru", #""abc"#, "1 2", "", "{\"a\":}"])
  func malformedJSONIsAnError(text: String) {
    #expect(throws: JSONSyntaxError.self) { try Value(jsonText: text) }
  }

  @Test func deeplyNestedJSONIsRefused() {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(throws: JSONSyntaxError.self) { try Value(jsonText: deep) }
  }

  /// What the command line's sorted JSON output (`JSONSerialization`) is built from.
  @Test func foundationObjectsForSortedOutput() throws {
    let value = try Value(jsonText: #"{"n":2,"b":true,"s":"x","a":[1.5,null]}"#)
    let back = try JSONSerialization.data(withJSONObject: value.jsonObject, options: [.sortedKeys])
    #expect(String(decoding: back, as: UTF8.self) == #"{"a":[1.5,null],"b":true,"n":2,"s":"x"}"#)
  }

  @Test func paths() {
    let value = json(#"{"a":{"b":[{"c":1},{"c":2}]}}"#)
    #expect(value.value(at: PathComponent.parse(dotted: "a.b.2.c")) == .number(2))
    #expect(value.value(at: PathComponent.parse(dotted: "a.b[1].c")) == .number(1))
    #expect(value.value(at: PathComponent.parse(dotted: "a.b.c")) == [1, 2])
    #expect(value.value(at: PathComponent.parse(dotted: "a.x.y")) == .null)
    #expect(value.value(at: [.key("a"), .key("b"), .index(0)]) == .null)
    #expect(value.value(at: [.key("a"), .key("b"), .index(-1)]) == .null)
  }
}

@Suite struct CivilDateTests {
  @Test(arguments: [(2016, true), (2000, true), (1900, false), (2023, false), (2024, true)])
  func leapYears(year: Int, isLeap: Bool) {
    #expect(CivilDate.isLeapYear(year) == isLeap)
    #expect(CivilDate.daysInMonth(year: year, month: 2) == (isLeap ? 29 : 28))
  }

  @Test func roundTripsDays() {
    for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
      let (y, m, d) = CivilDate.civil(fromDays: days)
      #expect(CivilDate.days(fromYear: Int64(y), month: m, day: d) == days)
    }
  }

  @Test func dstAwareWallClock() throws {
    let prague = try #require(TimeZone(identifier: "Europe/Prague"))
    // 2026-03-29 02:30 does not exist in Prague (clocks jump to 03:00); it resolves to a real instant.
    let date = CivilDate(year: 2026, month: 3, day: 29, hour: 12).date(in: prague)
    #expect(ISODate.render(date) == "2026-03-29T10:00:00.000Z")
    #expect(CivilDate(date, in: prague).hour == 12)
  }
}

@Suite struct ValueCodableTests {
  @Test func roundTripsThroughJSONEncoder() throws {
    let value: Value = .array([.null, true, 1.5, "x", .collection(["a": [1]])])
    let data = try JSONEncoder().encode(value)
    #expect(String(decoding: data, as: UTF8.self) == #"[null,true,1.5,"x",{"a":[1]}]"#)
    #expect(try JSONDecoder().decode(Value.self, from: data) == value)
  }

  @Test func datesEncodeAsISOText() throws {
    let data = try JSONEncoder().encode(Value.date(Date(timeIntervalSince1970: 0)))
    #expect(String(decoding: data, as: UTF8.self) == #""1970-01-01T00:00:00.000Z""#)
  }
}
