import Foundation
import History
import Testing

@Suite struct HistoryRedactorTests {
  let token = "sk_live_9f8e7d6c5b4a"

  private func redactJSON(_ json: String, secrets: [String]? = nil) -> String {
    String(decoding: HistoryRedactor.redact(json: Data(json.utf8), secrets: secrets ?? [token]), as: UTF8.self)
  }

  @Test(arguments: [
    ("Authorization", true), ("authorization", true), ("AUTHORIZATION", true), ("token", true),
    ("X-Token", true), ("x_token", true), ("api-key", true), ("API_KEY", true), ("apikey", true),
    ("ApiKey", true), ("password", true), ("secret", true), ("Cookie", true), ("Set-Cookie", true),
    ("access_token", true), ("X-Api-Key", true), ("Proxy-Authorization", true), ("client_secret", true),
    ("tokens", false), ("tokenEnv", false), ("token_count", false), ("phone_number", false),
    ("text", false), ("secretary", false), ("Accept", false), ("", false),
  ])
  func sensitiveNames(_ name: String, _ isSensitive: Bool) {
    #expect(HistoryRedactor.isSensitive(name: name) == isSensitive)
  }

  @Test func replacesTheTokenWhereverItAppears() {
    let json = #"{"a":"Bearer \#(token)","list":[1,"\#(token)",{"deep":["x \#(token) y"]}],"\#(token)":true}"#
    #expect(
      redactJSON(json)
        == #"{"a":"Bearer [redacted]","list":[1,"[redacted]",{"deep":["x [redacted] y"]}],"[redacted]":true}"#)
  }

  @Test func findsSensitiveNamesBehindEscapesAndUnicodeCase() {
    // Neither spells "token" in ASCII bytes, so the fast path that skips parsing must not apply.
    for json in [#"{"to\u006ben":"abc"}"#, #"{"API_\#u{212A}EY":"abc"}"#] {
      let redacted = redactJSON(json, secrets: [])
      #expect(redacted.contains("[redacted]") && !redacted.contains("abc"), "\(json) gave \(redacted)")
    }
    // Nothing to redact: the bytes are kept exactly.
    let plain = #"{"order_id": "7-1",  "phone":"+13105551234"}"#
    #expect(redactJSON(plain, secrets: []) == plain)
    #expect(redactJSON(plain) == plain)
  }

  @Test func findsTheTokenBehindJSONEscapes() {
    // "\u0073k_live…" is the token with its first letter escaped.
    let json = #"{"a":"\u0073k_live_9f8e7d6c5b4a"}"#
    #expect(redactJSON(json) == #"{"a":"[redacted]"}"#)
    let slashed = "a/b/c-secret"
    #expect(redactJSON(#"{"u":"x a\/b\/c-secret"}"#, secrets: [slashed]) == #"{"u":"x [redacted]"}"#)
  }

  @Test func redactsValuesOfSensitiveKeysAtAnyDepth() {
    let json = """
      {"headers":{"Authorization":"Bearer abc","X-Token":"t1","Accept":"json"},
       "body":{"user":{"password":12345,"api_key":{"id":1},"name":"Ann"}},
       "items":[{"Cookie":"a=b"},{"secret":null},{"tokens":5}]}
      """
    #expect(
      redactJSON(json, secrets: [])
        == #"{"headers":{"Authorization":"[redacted]","X-Token":"[redacted]","Accept":"json"},"#
        + #""body":{"user":{"password":"[redacted]","api_key":"[redacted]","name":"Ann"}},"#
        + #""items":[{"Cookie":"[redacted]"},{"secret":null},{"tokens":5}]}"#)
  }

  @Test func redactsKeyValueHeaderLists() {
    let json = """
      [{"key":"Authorization","value":"Bearer abc"},{"key":"Accept","value":"json"},
       {"name":"set-cookie","value":"sid=1"},{"value":"v","KEY":"x-api-key"}]
      """
    #expect(
      redactJSON(json, secrets: [])
        == #"[{"key":"Authorization","value":"[redacted]"},{"key":"Accept","value":"json"},"#
        + #"{"name":"set-cookie","value":"[redacted]"},{"value":"[redacted]","KEY":"x-api-key"}]"#)
  }

  @Test func keepsKeyOrderNumbersAndDuplicatesWhenRewriting() {
    let json = #"{"b":1.50,"a":"\#(token)","n":-0.0e10,"b":[true,false,null],"u":"é\n\u0001"}"#
    #expect(
      redactJSON(json)
        == #"{"b":1.50,"a":"[redacted]","n":-0.0e10,"b":[true,false,null],"u":"é\n\u0001"}"#)
  }

  @Test func leavesCleanJSONByteForByte() {
    let json = "{ \"text\" : \"hello\",\n  \"n\": 1.0 }"
    #expect(redactJSON(json) == json)
  }

  @Test func replacesBytesInDataThatIsNotJSON() {
    #expect(redactJSON("not json \(token) here \(token)") == "not json [redacted] here [redacted]")
    #expect(redactJSON(#"{"unterminated": "\#(token)"#) == #"{"unterminated": "[redacted]"#)
    let binary = Data([0xFF, 0x00]) + Data(token.utf8) + Data([0xFE])
    #expect(
      HistoryRedactor.redact(json: binary, secrets: [token])
        == Data([0xFF, 0x00]) + Data("[redacted]".utf8) + Data([0xFE]))
  }

  @Test func ignoresEmptySecretsAndPrefersTheLongest() {
    #expect(redactJSON(#"{"a":"abc"}"#, secrets: [""]) == #"{"a":"abc"}"#)
    #expect(
      HistoryRedactor.redact(text: "key=abcdef", secrets: ["abc", "abcdef"]) == "key=[redacted]")
  }

  @Test func tooShortSecretsAreNotSearchedForSoDataSurvives() {
    #expect(HistoryRedactor.redact(text: "external_id", secrets: ["x"]) == "external_id")
    #expect(HistoryRedactor.redact(text: "token=secret1", secrets: ["secret1"]) == "token=[redacted]")
  }

  @Test func survivesDeepAndOddInput() {
    let deep = String(repeating: "[", count: 10_000) + "\"\(token)\"" + String(repeating: "]", count: 10_000)
    #expect(!redactJSON(deep).contains(token))
    for odd in ["", "{", "\"\\u12", "\"\\ud800\"", "[1,]", "nul", "\u{0}"] {
      _ = redactJSON(odd)
    }
  }

  @Test func redactsEveryPartOfARecord() {
    let record = ExecutionRecord(
      id: "e1", scenarioName: "S", scenarioFile: "s.yaml", contentHash: "h", trigger: "t",
      status: .error, startedAt: Date(timeIntervalSince1970: 1),
      error: ErrorRecord(type: "ConnectionError", message: "401 for token \(token)", moduleID: 2),
      triggerBundle: Data(#"{"t":"\#(token)"}"#.utf8),
      resumeState: Data(#"{"headers":[{"key":"Authorization","value":"Bearer \#(token)"}]}"#.utf8),
      operationLog: [
        OperationRecord(
          sequence: 1, moduleID: 2, moduleName: "http.makeRequest",
          input: Data(#"{"headers":{"authorization":"x"}}"#.utf8),
          output: Data(#"[{"echo":"\#(token)"}]"#.utf8),
          error: ErrorRecord(type: "DataError", message: "bad \(token)"))
      ])
    let redacted = HistoryRedactor.redact(record, secrets: [token])
    #expect(redacted.error == ErrorRecord(type: "ConnectionError", message: "401 for token [redacted]", moduleID: 2))
    #expect(redacted.triggerBundle == Data(#"{"t":"[redacted]"}"#.utf8))
    #expect(redacted.resumeState == Data(#"{"headers":[{"key":"Authorization","value":"[redacted]"}]}"#.utf8))
    #expect(redacted.operationLog[0].input == Data(#"{"headers":{"authorization":"[redacted]"}}"#.utf8))
    #expect(redacted.operationLog[0].output == Data(#"[{"echo":"[redacted]"}]"#.utf8))
    #expect(redacted.operationLog[0].error?.message == "bad [redacted]")
    var unchanged = redacted
    unchanged.error = record.error
    unchanged.triggerBundle = record.triggerBundle
    unchanged.resumeState = record.resumeState
    unchanged.operationLog = record.operationLog
    #expect(unchanged == record, "nothing else changes")
  }

  @Test func confidentialKeepsNoBundleData() {
    let record = ExecutionRecord(
      id: "e1", scenarioName: "S", scenarioFile: "s.yaml", contentHash: "h", trigger: "t",
      status: .incomplete, startedAt: Date(timeIntervalSince1970: 1), finishedAt: Date(timeIntervalSince1970: 2),
      operations: 2, dataSize: 99,
      error: ErrorRecord(
        type: "DataError", message: "email jane@example.com invalid", moduleID: 3, location: "s.yaml:4:5"),
      triggerBundle: Data("{}".utf8), parentID: "p", resumeState: Data(#"{"bundle":1}"#.utf8),
      operationLog: [
        OperationRecord(
          sequence: 1, moduleID: 3, moduleName: "m", input: Data("{}".utf8), output: Data("[]".utf8),
          error: ErrorRecord(type: "DataError", message: "jane@example.com"), isFiltered: true,
          duration: .milliseconds(3))
      ])
    let confidential = HistoryRedactor.confidential(record)
    #expect(confidential.triggerBundle == nil)
    #expect(confidential.operationLog[0].input == nil)
    #expect(confidential.operationLog[0].output == nil)
    #expect(
      confidential.error
        == ErrorRecord(
          type: "DataError", message: HistoryRedactor.confidentialMessage, moduleID: 3, location: "s.yaml:4:5"))
    #expect(
      confidential.operationLog[0].error == ErrorRecord(type: "DataError", message: HistoryRedactor.confidentialMessage)
    )
    #expect(confidential.resumeState == record.resumeState, "resuming needs it")
    var restored = confidential
    restored.triggerBundle = record.triggerBundle
    restored.error = record.error
    restored.operationLog = record.operationLog
    #expect(restored == record, "ids, statuses, timings and counts stay")
  }
}
