import Basics
import Foundation
import History
import SonarflowTesting
import Testing

@Suite struct SearchTermsTests {
  @Test(arguments: [
    (#"{"phone_number":"+15551234567"}"#, ["phone_number", "+15551234567", "15551234567"]),
    ("Order ORD-2024-0042 shipped.", ["order", "ord-2024-0042", "shipped"]),
    ("Mail Zoë.Smith@Example.com, thanks!", ["mail", "zoë.smith@example.com", "thanks"]),
    (#"{"t":"caf\u00e9\nready \"now\""}"#, ["t", "café", "ready", "now"]),
    (#"{"e":"\ud83d\ude00 x\u0041"}"#, ["e", "xa"]),
    ("--a-- ..b.. _c_ +d+ ++", ["a", "b", "c", "+d", "d"]),
    ("１２３ ٣٤ 東京", ["１２３", "٣٤", "東京"]),
  ])
  func splitsFoldsAndAddsTheBarePhoneNumber(_ text: String, _ expected: [String]) {
    #expect(SearchTerms.terms(of: text) == expected)
  }

  @Test func aQueryMatchesWhatTheRecordIsIndexedBy() {
    let record = ExecutionRecord(
      id: "x", scenarioName: "S", scenarioFile: "", contentHash: "", trigger: "", status: .success,
      startedAt: Date(), triggerBundle: Data(#"{"phone":"+15551234567"}"#.utf8),
      operationLog: [
        OperationRecord(
          sequence: 1, moduleID: 2, moduleName: "m", input: Data(#"{"order":"ORD-7"}"#.utf8),
          output: Data(#"[{"mail":"a@b.co"}]"#.utf8), exchanges: Data(#"{"secretive":"exchange-only"}"#.utf8))
      ])
    let indexed = Set(SearchTerms.hashes(of: record))
    for query in ["+15551234567", "15551234567", "ord-7", "A@B.CO", "ORD-7 a@b.co"] {
      #expect(Set(SearchTerms.hashes(ofQuery: query)).isSubset(of: indexed), "\(query)")
    }
    #expect(!Set(SearchTerms.hashes(ofQuery: "exchange-only")).isSubset(of: indexed))
    #expect(SearchTerms.hashes(ofQuery: " ,;! ").isEmpty)
  }

  /// Each term once, sorted, however often the bundles repeat it (the same field names and phone
  /// number in every bundle, enough terms to fill the de-duplication table past its first size).
  @Test func aRecordsHashesAreEachOnceAndSorted() {
    let words = (0..<300).map { "word\($0)" }
    let bundle = Data(("{\"phone\":\"+15551234567\",\"text\":\"" + words.joined(separator: " ") + "\"}").utf8)
    let record = ExecutionRecord(
      id: "x", scenarioName: "S", scenarioFile: "", contentHash: "", trigger: "", status: .success,
      startedAt: Date(), triggerBundle: bundle,
      operationLog: (1...4).map { n in
        OperationRecord(sequence: n, moduleID: n + 1, moduleName: "m", input: bundle, output: bundle)
      })
    let hashes = SearchTerms.hashes(of: record)
    let expected = Set(
      (["phone", "+15551234567", "15551234567", "text"] + words).map { SearchTerms.hash($0) })
    #expect(hashes == expected.sorted())
  }

  /// The terms of a record are a stored format: the SQLite store deletes an execution's index
  /// entries by recomputing them from its bundles, and a term list that differs from the one
  /// indexed corrupts the index. This fixed record's hashes are pinned in a golden file computed
  /// outside sonarflow; any change to the scanner, the folding or the hash fails here and needs a
  /// migration that re-indexes every execution.
  @Test func storedTermsAreFrozen() throws {
    let record = ExecutionRecord(
      id: "x", scenarioName: "S", scenarioFile: "", contentHash: "", trigger: "", status: .success,
      startedAt: Date(),
      triggerBundle: Data(
        #"{"customer":{"phone_number":"+15551234567","name":"Zo\u00eb","email":"Zoe.Smith@Example.com"},"text":"Order ORD-2024-0042 shipped; caf\u00e9 東京 ١٢٣"}"#
          .utf8),
      resumeState: Data(#"{"resume":"not-indexed"}"#.utf8),
      operationLog: [
        OperationRecord(
          sequence: 1, moduleID: 2, moduleName: "m", input: Data(#"{"to":"+15551234567","text":"Hi Zoë"}"#.utf8),
          output: Data(#"[{"id":"msg_42","status":"queued"}]"#.utf8),
          exchanges: Data(#"{"exchange":"not-indexed"}"#.utf8)),
        OperationRecord(sequence: 2, moduleID: 3, moduleName: "m", input: nil, output: Data("--a-- _b_ +c+".utf8)),
      ])
    let golden = try Fixture.text("history/storedTermsAreFrozen.txt").split(separator: "\n")
      .filter { !$0.hasPrefix("#") }
      .map { line in try #require(Int64(line.prefix { $0 != " " }, radix: 16)) }
    #expect(golden.count == 25)
    #expect(SearchTerms.hashes(of: record) == golden)
  }

  /// Stored hashes must never change: both stores keep them on disk.
  @Test func hashesAreStable() {
    // FNV-1a 64 of the UTF-8, low 47 bits (computed independently in Python).
    #expect(SearchTerms.hash("") == 0x1ce4_8422_2325)
    #expect(SearchTerms.hash("a") == 0x5c4c_8601_ec8c)
  }

  /// ASCII text of letters, digits, the term punctuation and JSON's separators, against a
  /// tokenizer written from the definition (split at every other byte, trim `. _ -` and a final
  /// `+`, fold, add a phone number without its `+`): the scanner's in-place fast path, and the
  /// hashes each store keeps, agree with it on 2,000 seeded strings.
  @Test func asciiTermsFollowTheirDefinition() {
    let alphabet = Array("aZq09@._+-+ ,:\"{}[]/#".utf8)
    var random = SplitMix64(seed: 15)
    for _ in 0..<2_000 {
      let length = Int.random(in: 0...40, using: &random)
      let text = String(decoding: (0..<length).map { _ in alphabet.randomElement(using: &random)! }, as: UTF8.self)
      var expected: [String] = []
      let pieces = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || "@._+-".contains($0))) }
      for piece in pieces {
        var term = Substring(piece)
        while let first = term.first, "._-".contains(first) { term.removeFirst() }
        while let last = term.last, "._-+".contains(last) { term.removeLast() }
        guard !term.isEmpty else { continue }
        expected.append(term.lowercased())
        let bare = term.drop { $0 == "+" }
        if term.first == "+", !bare.isEmpty { expected.append(bare.lowercased()) }
      }
      #expect(SearchTerms.terms(of: text) == expected, "\(text)")
      #expect(
        SearchTerms.hashes(ofBundles: [Data(text.utf8)]) == Set(expected.map(SearchTerms.hash)).sorted(), "\(text)")
    }
  }
}
