import Foundation
import Testing

@testable import Expressions

/// The conformance vectors of make-semantics.md §12, verbatim, in UTC. Where the reference writes
/// `unknown` for "a value that does not exist", the vector reads a missing field (`1.unknown`).
@Suite struct ConformanceVectorTests {
  static let vectors: [(String, String)] = [
    ("if(1 = 1; A; B)", "A"),
    ("if(1 = 2; A; B)", "B"),
    ("if(1 = 2 and 1 = 2; A; B)", "B"),
    ("ifempty(A; B)", "A"),
    ("ifempty(1.unknown; B)", "B"),
    ("ifempty(\"\"; B)", "B"),
    ("switch(B; A; 1; B; 2; C; 3)", "2"),
    ("switch(C; A; 1; B; 2; C; 3)", "3"),
    ("switch(X; A; 1; B; 2; C; 3; 4)", "4"),
    ("abs(-5)", "5"),
    ("abs(-3.7)", "3.7"),
    ("ceil(1.2)", "2"),
    ("ceil(4)", "4"),
    ("floor(1.9)", "1"),
    ("round(1.5)", "2"),
    ("round(1.2)", "1"),
    ("median(3; 5; 7)", "5"),
    ("median(2; 3; 5; 8)", "4"),
    ("median(2.5; 3.5; 2; 4.5; 1)", "2.5"),
    ("stdevP(1; 2; 3; 4; 5)", "1.4142135623730951"),
    ("stdevS(1; 2; 3; 4; 5)", "1.5811388300841898"),
    ("trunc(3.789)", "3"),
    ("trunc(3.789; 2)", "3.78"),
    ("formatNumber(123456789; 3; ,; .)", "123.456.789,000"),
    ("parseNumber(1 756,456; ,)", "1756.456"),
    ("ascii(ěMščařžkýáeíé)", "Make"),
    ("ascii(ěščřž; true)", "escrz"),
    ("base64(Make)", "TWFrZQ=="),
    ("toString(toBinary(TWFrZQ==; base64))", "Make"),
    ("capitalize(make)", "Make"),
    ("contains(Hello World; Hello)", "true"),
    ("contains(Hello World; Bye)", "false"),
    ("decodeURL(Automate%20your%20workflow)", "Automate your workflow"),
    ("escapeHTML(<b>Hello</b>)", "&lt;b&gt;Hello&lt;/b&gt;"),
    ("indexOf(Make; k)", "2"),
    ("indexOf(We love Make; x)", "-1"),
    ("indexOf(We love Make; e; 7)", "11"),
    ("length(hello)", "5"),
    ("lower(Hello)", "hello"),
    ("upper(Hello)", "HELLO"),
    ("md5(Make)", "529a05ca6c1263aab080ec4f20754411"),
    ("replace(Hello World; Hello; Hi)", "Hi World"),
    ("replace(Phone number is 777111222; /\\d+/g; +420$&)", "Phone number is +420777111222"),
    ("toString(split(John, George, Paul; ,))", #"["John"," George"," Paul"]"#),
    ("startcase(hello WORLD)", "Hello World"),
    ("stripHTML(<b>Hello</b>)", "Hello"),
    ("substring(Hello; 0; 3)", "Hel"),
    ("substring(Hello; 1; 3)", "el"),
    ("addSeconds(2016-12-08T15:55:57.536Z; 2)", "2016-12-08T15:55:59.536Z"),
    ("addMinutes(2016-12-08T15:55:57.536Z; -2)", "2016-12-08T15:53:57.536Z"),
    ("addHours(2016-12-08T15:55:57.536Z; 2)", "2016-12-08T17:55:57.536Z"),
    ("addDays(2016-12-08T15:55:57.536Z; -2)", "2016-12-06T15:55:57.536Z"),
    ("addMonths(2016-08-08T15:55:57.536Z; 2)", "2016-10-08T15:55:57.536Z"),
    ("addYears(2016-08-08T15:55:57.536Z; 2)", "2018-08-08T15:55:57.536Z"),
    ("setSecond(2015-10-07T11:36:39.138Z; 61)", "2015-10-07T11:37:01.138Z"),
    ("setMinute(2015-10-07T11:36:39.138Z; 61)", "2015-10-07T12:01:39.138Z"),
    ("setHour(2015-08-07T11:36:39.138Z; -6)", "2015-08-06T18:36:39.138Z"),
    ("setDay(2018-06-27T11:36:39.138Z; Monday)", "2018-06-25T11:36:39.138Z"),
    ("setDay(2018-06-27T11:36:39.138Z; 1)", "2018-06-24T11:36:39.138Z"),
    ("setDay(2018-06-27T11:36:39.138Z; 7)", "2018-06-30T11:36:39.138Z"),
    ("setDate(2015-08-07T11:36:39.138Z; 32)", "2015-09-01T11:36:39.138Z"),
    ("setMonth(2015-08-07T11:36:39.138Z; 17)", "2016-05-07T11:36:39.138Z"),
    ("setYear(2015-08-07T11:36:39.138Z; 2017)", "2017-08-07T11:36:39.138Z"),
    ("parseDate(2016-12-28; YYYY-MM-DD)", "2016-12-28T00:00:00.000Z"),
    ("parseDate(2016-12-28 16:03; YYYY-MM-DD HH:mm)", "2016-12-28T16:03:00.000Z"),
    ("parseDate(1482940986; X)", "2016-12-28T16:03:06.000Z"),
    ("formatDate(2018-10-01T07:32:00Z; DD.MM.YYYY HH:mm; UTC)", "01.10.2018 07:32"),
    ("formatDate(2018-10-01T07:32:00Z; YYYY-MM-DD hh:mm A; Europe/Prague)", "2018-10-01 09:32 AM"),
  ]

  @Test(arguments: vectors)
  func vectorHolds(expression: String, expected: String) throws {
    #expect(try render("{{\(expression)}}") == expected)
  }

  /// Other documented examples of §2 and §4 that are not in §12.
  @Test(arguments: [
    ("{{formatDate(2018-10-01T07:32:00Z; MM/DD/YYYY)}}", "Europe/Prague", "10/01/2018"),
    ("{{formatDate(2018-10-01T07:32:00Z; YYYY-MM-DD hh:mm A)}}", "Europe/Prague", "2018-10-01 09:32 AM"),
    (
      "{{round((parseDate(2020-01-11; YYYY-MM-DD) - parseDate(2020-01-01; YYYY-MM-DD)) / 1000 / 60 / 60 / 24)}}", "UTC",
      "10"
    ),
    ("{{addDays(setDate(2026-03-15T10:00:00Z; 1); -1)}}", "UTC", "2026-02-28T10:00:00.000Z"),
    (
      "{{parseDate(formatDate(2026-03-15T10:00:00Z; YYYYMM01); YYYYMMDD; UTC)}}", "Europe/Prague",
      "2026-03-01T00:00:00.000Z"
    ),
    (
      "{{parseDate(parseDate(formatDate(2026-03-15T10:00:00Z; \"YYYYMM01\"); \"YYYYMMDD\"; \"UTC\") - 1; \"x\")}}",
      "UTC", "2026-02-28T23:59:59.999Z"
    ),
    ("{{formatDate(2026-03-15T10:00:00Z; \"YYYY-MM-DD\")}}T00:00:00Z", "UTC", "2026-03-15T00:00:00Z"),
    ("{{get(map(1.contacts; label; name; Bob); 1)}}", "UTC", "home"),
    ("{{merge(split(1; ,); split(2,3; ,))}}", "UTC", "1, 2, 3"),
    ("{{join(1.contacts[].name; \", \")}}", "UTC", "Tim, Bob, amy"),
    ("{{parseNumber(1.756,456; ,)}}", "UTC", "1756.456"),
    ("{{formatNumber(1234.5; 2; .; ,)}}", "UTC", "1,234.50"),
    ("{{abs(5)}} {{abs(0)}} {{floor(4)}} {{round(1.7)}} {{round(2)}}", "UTC", "5 0 4 2 2"),
    ("{{max(1; 5; 3)}} {{min(4; 2; 9)}} {{sum(1; 2; 3)}} {{average(1; 2; 3)}}", "UTC", "5 2 6 2"),
  ])
  func documentedRecipeHolds(template: String, timeZone: String, expected: String) throws {
    #expect(try render(template, timeZone: timeZone) == expected)
  }

  /// n-th weekday of a month (reference recipe): the 2nd Tuesday (dow 2) of March 2026 is the 10th.
  @Test func nthWeekdayRecipe() throws {
    let template =
      "{{addDays(setDate(1.date; 1); 1.n * 7 - formatDate(addDays(setDate(1.date; 1); \"-\" + 1.dow); \"E\"))}}"
    let bundle = json(#"{"date":"2026-03-18T09:00:00.000Z","n":2,"dow":2}"#)
    #expect(try render(template, modules: [1: bundle]) == "2026-03-10T09:00:00.000Z")
  }
}

/// Further documented examples of make-semantics.md §2 and §4 that need their own data.
@Suite struct DocumentedExampleTests {
  @Test func randomIntegerRecipeStaysInRange() throws {
    for _ in 0..<200 {
      guard case .number(let value) = try evaluate("{{floor(random * (10 - 5 + 1)) + 5}}") else {
        Issue.record("expected a number")
        return
      }
      #expect((5...10).contains(value) && value == value.rounded())
    }
  }

  @Test func replaceWithAGroup() throws {
    #expect(try render("{{replace(Phone number is 777111222; / is (\\d)/; +42$1)}}") == "Phone number+42777111222")
  }

  @Test func toBinaryBytes() throws {
    #expect(try evaluate("{{toBinary(Make)}}") == .binary(Data([0x4d, 0x61, 0x6b, 0x65])))
    #expect(try evaluate("{{toBinary(TWFrZQ==; base64)}}") == .binary(Data([0x4d, 0x61, 0x6b, 0x65])))
  }

  @Test func headerLookup() throws {
    let bundle = json(#"{"headers":[{"name":"accept","value":"*/*"},{"name":"authorization","value":"Bearer x"}]}"#)
    #expect(try render("{{first(map(1.headers; value; name; authorization))}}", modules: [1: bundle]) == "Bearer x")
    #expect(try render("{{get(map(1.headers; value; name; authorization); 1)}}", modules: [1: bundle]) == "Bearer x")
  }

  @Test func sortByNestedKey() throws {
    let bundle = json(#"{"emails":[{"sender":{"name":"Zoe"}},{"sender":{"name":"Adam"}}]}"#)
    #expect(try render("{{map(sort(1.emails; sender.name); sender.name)}}", modules: [1: bundle]) == "Adam, Zoe")
  }

  @Test func bundlePositionKeysAndErrorRoutes() throws {
    let bundle = json(
      #"{"__IMTLENGTH__":3,"__IMTINDEX__":2,"error":{"message":"boom"},"items":[{"title":"a"},{"title":"b"}]}"#)
    #expect(
      try render("{{1.__IMTINDEX__}}/{{1.__IMTLENGTH__}} {{1.error.message}}", modules: [1: bundle]) == "2/3 boom")
    #expect(try render("{{join(1.items[].title; \", \")}} {{1.items[1].title}}", modules: [1: bundle]) == "a, b a")
  }
}
