import Basics
import SonarAPI
import Testing

@Suite struct FormEncodingTests {
  @Test func encodesLikeTheRecordings() {
    let body = JSONObject([
      ("phone_number", "+13105555555"), ("email", "five@example.com"),
      ("properties", .object(JSONObject([("great_customer", "true")]))),
      ("tag_names", ["a b", "c"]), ("skip", nil),
    ])
    #expect(
      FormEncoding.encode(body)
        == "phone_number=%2B13105555555&email=five%40example.com&properties[great_customer]=true"
        + "&tag_names[]=a%20b&tag_names[]=c")
  }

  @Test func decodesRailsNesting() {
    let object = FormEncoding.decode(
      "webhook[name]=n&webhook[settings][customer_created]=true&tag_names[]=a&tag_names[]=b+c&x=%2B1&y"
    )
    #expect(object["webhook"]?.objectValue?["settings"]?.objectValue?["customer_created"] == "true")
    #expect(object["tag_names"] == ["a", "b c"])
    #expect(object["x"] == "+1")
    #expect(object["y"] == "")
  }

  @Test func roundTrips() {
    let body = JSONObject([
      ("text", "héllo & goodbye = 100%"), ("properties", .object(JSONObject([("k", "v")]))),
    ])
    #expect(FormEncoding.decode(FormEncoding.encode(body)) == body)
  }

  @Test(arguments: [
    "a[", "[x]=1", "a]b=2", "%", "%zz=%", "a[b][c][d][e][f][g][h][i][j]=1", "&&&=&",
  ])
  func malformedNamesDecodeToAStableValue(_ text: String) {
    // Whatever a malformed body decodes to encodes and decodes back to the same value.
    let decoded = FormEncoding.decode(text)
    #expect(FormEncoding.decode(FormEncoding.encode(decoded)) == decoded)
  }
}
