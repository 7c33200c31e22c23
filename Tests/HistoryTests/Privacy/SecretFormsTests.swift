import Foundation
import History
import SonarflowTesting
import Testing

/// The forms a server may echo a secret in, and the recorder redacting each of them.
@Suite struct SecretFormsTests {
  let secret = "ab/cd+e f=ü-1234"

  @Test func everyEncodingIsListedOnce() {
    let forms = SecretForms.expanded([secret, secret, ""])
    #expect(Set(forms).count == forms.count)
    for expected in [
      secret,
      "ab%2Fcd%2Be%20f%3D%C3%BC-1234",
      "ab%2fcd%2be%20f%3d%c3%bc-1234",
      "ab%2Fcd%2Be+f%3D%C3%BC-1234",
      "ab/cd+e%20f%3D%C3%BC-1234",
      #"ab\/cd+e f=ü-1234"#,
      #"ab/cd+e f=\u00fc-1234"#,
      #"ab/cd+e f=\u00FC-1234"#,
      #"ab\/cd+e f=\u00fc-1234"#,
    ] {
      #expect(forms.contains(expected), "missing \(expected)")
    }
  }

  @Test func aTokenOfURLSafeCharactersHasOneForm() {
    #expect(SecretForms.expanded(["AbC-123_xyz"]) == ["AbC-123_xyz"])
  }

  /// A message quoting the secret percent-encoded (an echoed URL) and JSON-escaped (an echoed
  /// body) is stored without either.
  @Test func theRecorderRedactsEveryForm() {
    var record = HistoryStoreConformance.sampleRecord(id: "e1", operations: 1)
    record.error = ErrorRecord(
      type: "DataError",
      message: #"GET /customers?token=ab%2Fcd%2Be+f%3D%C3%BC-1234 said {"t":"ab\/cd+e f=\u00fc-1234"}"#)
    record.operationLog[0].output = Data(
      #"[{"url":"/x?token=ab%2Fcd%2Be%20f%3D%C3%BC-1234","raw":"ab\/cd+e f=ü-1234"}]"#.utf8)
    let prepared = HistoryRecorder(store: NoStore(), secrets: [secret]).prepare(record)
    let message = prepared.error?.message ?? ""
    #expect(message == #"GET /customers?token=[redacted] said {"t":"[redacted]"}"#)
    let output = String(decoding: prepared.operationLog[0].output ?? Data(), as: UTF8.self)
    #expect(output == #"[{"url":"/x?token=[redacted]","raw":"[redacted]"}]"#)
  }
}

/// A store that is never written: `prepare` needs none.
private struct NoStore: HistoryStore {
  func begin(_ execution: ExecutionRecord) async throws {}
  func finish(_ execution: ExecutionRecord) async throws {}
  func execution(id: String) async throws -> ExecutionRecord? { nil }
  func executions(matching query: HistoryQuery) async throws -> [ExecutionRecord] { [] }
  func markInterrupted() async throws -> Int { 0 }
  func prune(olderThan: Date?, keepExecutions: Int?) async throws -> Int { 0 }
}
