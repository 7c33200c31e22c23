import Foundation
import SonarflowTesting
import Testing

@testable import Expressions

@Suite struct FunctionLibraryTests {
  let library = FunctionLibrary.standard

  /// Reference §4.10: 83 entries in the palette groups, 81 distinct names; plus the three newer
  /// functions of Make's function reference (arrayDifference, dateDifference, mergeCollections).
  @Test func matchesMakesFunctionCount() {
    let entries = FunctionSpec.Group.allCases.map { library.specs(in: $0).count }
    #expect(entries == [8, 14, 26, 16, 22])
    #expect(entries.reduce(0, +) == 86)
    #expect(Set(library.specs.map(\.name)).count == 84)
    #expect(library.specs.count == 84)
  }

  @Test(arguments: [
    ("general", ["get", "set", "if", "ifempty", "switch", "omit", "pick", "mergeCollections"]),
    (
      "math",
      [
        "average", "ceil", "floor", "trunc", "median", "max", "min", "abs", "round", "sum", "parseNumber", "stdevS",
        "stdevP", "formatNumber",
      ]
    ),
    (
      "text and binary",
      [
        "length", "lower", "capitalize", "startcase", "ascii", "replace", "replaceEmojiCharacters", "trim", "upper",
        "substring",
        "indexOf", "toBinary", "toString", "encodeURL", "decodeURL", "escapeHTML", "escapeJSON", "escapeMarkdown",
        "stripHTML",
        "contains", "split", "md5", "sha1", "sha256", "sha512", "base64",
      ]
    ),
    (
      "date and time",
      [
        "addSeconds", "addMinutes", "addHours", "addDays", "addMonths", "addYears", "setSecond", "setMinute", "setHour",
        "setDay",
        "setDate", "setMonth", "setYear", "formatDate", "parseDate", "dateDifference",
      ]
    ),
    (
      "array",
      [
        "arrayIntersect", "join", "length", "keys", "slice", "merge", "contains", "remove", "add", "arrayDiff", "map",
        "shuffle",
        "sort", "reverse", "first", "last", "flatten", "distinct", "deduplicate", "toCollection", "toArray",
        "arrayDifference",
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
  }

  @Test func fusionOnlyFunctionsAreUnknown() {
    let analysis = Template.analyze("{{startOfDay(now)}}")
    #expect(analysis.diagnostics.map(\.id) == ["expression.unknownFunction"])
  }

  @Test(arguments: [
    ("substring", "substring(text; start; [end])"),
    ("add", "add(array; value; …)"),
    ("sha256", "sha256(text; [output encoding]; [key]; [key encoding])"),
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
