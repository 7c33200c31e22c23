import HTTPTypes
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

  @Test func bodyHeadersAreReadWhateverTheirCaseAndOrder() throws {
    var fields = HTTPFields()
    fields[.accept] = "*/*"
    fields.append(
      HTTPField(name: try #require(HTTPField.Name("content-type")), value: "application/x-www-form-urlencoded"))
    fields.append(HTTPField(name: try #require(HTTPField.Name("Content-Length")), value: "42"))
    let headers = ServerRoutes.bodyHeaders(fields)
    #expect(headers.length == 42)
    #expect(headers.type == "application/x-www-form-urlencoded")
    let none = ServerRoutes.bodyHeaders([.accept: "*/*"])
    #expect(none.length == nil && none.type == nil)
    #expect(ServerRoutes.bodyHeaders([.contentLength: "many"]).length == nil)
  }
}
