import Foundation
import SonarflowTesting
import Testing

@testable import Expressions

@Suite struct FunctionLibraryTests {
  let library = FunctionLibrary.standard

  /// Reference §4.10: 83 entries in the palette groups, 81 distinct names; plus the 43 functions
  /// of Make's newer expression engine: 6 general (mergeCollections, isBlank, in, ifin, case, and
  /// equal from Make's skills), 9 math (number is parseNumber's other name), 8 text, 19 date and
  /// time, 1 array (arrayElement; arrayDifference is arrayDiff's other name).
  @Test func matchesMakesFunctionCount() {
    let entries = FunctionSpec.Group.allCases.map { library.specs(in: $0).count }
    #expect(entries == [13, 23, 34, 34, 22])
    #expect(entries.reduce(0, +) == 126)
    #expect(Set(library.specs.map(\.name)).count == 124)
    #expect(library.specs.count == 124)
  }

  @Test(arguments: [
    (
      "general",
      [
        "get", "set", "if", "ifempty", "switch", "omit", "pick", "mergeCollections", "isBlank", "in", "ifin", "case",
        "equal",
      ]
    ),
    (
      "math",
      [
        "average", "ceil", "floor", "trunc", "median", "max", "min", "abs", "round", "sum", "parseNumber", "stdevS",
        "stdevP", "formatNumber", "div", "sub", "prod", "power", "sqrt", "ln", "log", "sortAscNum", "sortDescNum",
      ]
    ),
    (
      "text and binary",
      [
        "length", "lower", "capitalize", "startcase", "ascii", "replace", "replaceEmojiCharacters", "trim", "upper",
        "substring",
        "indexOf", "toBinary", "toString", "encodeURL", "decodeURL", "escapeHTML", "escapeJSON", "escapeMarkdown",
        "stripHTML",
        "contains", "split", "md5", "sha1", "sha256", "sha512", "base64", "concat", "left", "right", "removeAccents",
        "pascal", "replacePattern", "sortAscString", "sortDescString",
      ]
    ),
    (
      "date and time",
      [
        "addSeconds", "addMinutes", "addHours", "addDays", "addMonths", "addYears", "setSecond", "setMinute", "setHour",
        "setDay",
        "setDate", "setMonth", "setYear", "formatDate", "parseDate", "dateDifference", "addWeekDays", "dayOfMonth",
        "dayOfWeek", "daysInMonth", "daysInSplitWeek", "daysInYear", "dateMax", "dateMin", "startOfMonth", "endOfMonth",
        "hour", "isWeekend", "minute", "month", "second", "weekDayDiff", "workMinutesDiff", "year",
      ]
    ),
    (
      "array",
      [
        "arrayIntersect", "join", "length", "keys", "slice", "merge", "contains", "remove", "add", "arrayDiff", "map",
        "shuffle",
        "sort", "reverse", "first", "last", "flatten", "distinct", "deduplicate", "toCollection", "toArray",
        "arrayElement",
      ]
    ),
  ])
  func groupHoldsMakesPalette(group: String, names: [String]) throws {
    let groupValue = try #require(FunctionSpec.Group(rawValue: group))
    #expect(Set(library.specs(in: groupValue).map(\.name)) == Set(names))
  }

  @Test func namesAreCaseSensitiveWithDocumentedAliases() {
    #expect(library.spec(named: "upper") != nil)
    #expect(library.spec(named: "Upper") == nil)
    #expect(library.spec(named: "startCase")?.name == "startcase")
    #expect(library.spec(named: "arrayDifference")?.name == "arrayDiff")
    #expect(library.spec(named: "number")?.name == "parseNumber")
  }

  /// Make's skills say startOfDay and endOfDay are unknown functions in Make.
  @Test func functionsMakeDoesNotHaveAreUnknown() {
    let analysis = Template.analyze("{{startOfDay(now)}}")
    #expect(analysis.diagnostics.map(\.id) == ["expression.unknownFunction"])
  }

  @Test(arguments: [
    ("substring", "substring(text; start; [end])"),
    ("add", "add(array; value; …)"),
    ("sha256", "sha256(text; [output encoding]; [key]; [key encoding])"),
    ("switch", "switch(expression; value1; result1; [value2; result2; …; else])"),
    ("ifin", "ifin(value; value1; [value2; …]; trueValue; falseValue)"),
  ])
  func signatureIsDerivedFromParameters(name: String, signature: String) throws {
    #expect(try #require(library.spec(named: name)).signature == signature)
  }
}

/// docs/functions.md is generated from the specs.
@Suite struct FunctionLibraryDocumentationTests {
  @Test func functionsReferenceIsUpToDate() throws {
    let url = Fixture.repositoryRoot.appendingPathComponent("docs/functions.md")
    let expected = FunctionLibrary.standard.markdownReference()
    if ProcessInfo.processInfo.environment["SONARFLOW_REGENERATE_DOCS"] == "1" {
      try expected.write(to: url, atomically: true, encoding: .utf8)
    }
    let actual = try? String(contentsOf: url, encoding: .utf8)
    #expect(
      actual == expected,
      "docs/functions.md is out of date with the FunctionSpecs; regenerate it with SONARFLOW_REGENERATE_DOCS=1 swift test --filter FunctionLibraryDocumentationTests"
    )
  }
}
