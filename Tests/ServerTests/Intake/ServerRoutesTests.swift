import Testing

@testable import Server

@Suite struct ServerRoutesTests {
  @Test(arguments: [
    (["status": "accepted", "id": "0190"], #"{"id":"0190","status":"accepted"}"#),
    ([:], "{}"),
    (["error": "a \"quoted\" \\ path /hooks/x\n\t\u{01}é"], #"{"error":"a \"quoted\" \\ path /hooks/x\n\t\u0001é"}"#),
  ])
  func answersAreJSONWithSortedKeys(_ object: [String: String], _ expected: String) {
    #expect(String(decoding: ServerRoutes.jsonBytes(object), as: UTF8.self) == expected)
  }
}
