import Testing

@testable import Expressions

@Suite struct GeneralFunctionsTests {
  @Test(arguments: [
    ("{{get(1.items; 1)}}", "1"),
    ("{{get(1.items; 0)}}", ""),
    ("{{get(1.items; -1)}}", ""),
    ("{{get(1.contacts; \"5.name\")}}", ""),
    ("{{get(1.contacts; \"3.name\")}}", "amy"),
    ("{{get(1.contacts; 3.name)}}", ""),
    ("{{get(1.user; nothing.deeper)}}", ""),
    ("{{get(1.missing; a)}}", ""),
    ("{{get(1.user; \"name\")}}", "Bob"),
    ("{{toString(set(1.user; age; 23))}}", #"{"name":"Bob","email":"bob@example.com","password":"secret","age":23}"#),
    ("{{toString(set(null; a.b; 1))}}", #"{"a":{"b":1}}"#),
    ("{{toString(mergeCollections(pick(1.user; name; age); set(null; age; 30)))}}", #"{"name":"Bob","age":30}"#),
    ("{{toString(mergeCollections(set(null; b; 1); pick(1.user; name)))}}", #"{"b":1,"name":"Bob"}"#),
    ("{{toString(mergeCollections(pick(1.user; name); 1.missing))}}", #"{"name":"Bob"}"#),
    ("{{mergeCollections(1.missing; 1.user)}}", ""),
    ("{{toString(set(pick(1.user; name); tags; emptyarray))}}", #"{"name":"Bob","tags":[]}"#),
    (
      "{{if(1.missing; a; b)}} {{if(0; a; b)}} {{if(false; a; b)}} {{if(\"false\"; a; b)}} {{if(emptyarray; a; b)}}",
      "b a b b b"
    ),
    ("{{ifempty(emptyarray; x)}} {{ifempty(false; x)}} {{ifempty(space; x)}}|", "x false  |"),
    ("{{switch(2; 1; one; 2; two)}} {{switch(\"2\"; 2; two; x)}}", "two two"),
    ("{{toString(omit(1.user; password; nothing))}}", #"{"name":"Bob","email":"bob@example.com","age":22}"#),
    ("{{toString(pick(1.user; age; name))}}", #"{"name":"Bob","age":22}"#),
    ("{{omit(null; a)}}|{{pick(1.missing; a)}}|", "||"),
  ])
  func general(template: String, expected: String) throws {
    #expect(try render(template) == expected)
  }

  @Test func omitRefusesNonCollections() {
    #expect(evaluationError("{{omit(text; a)}}")?.id == "expression.invalidArgument")
  }

  @Test func setRefusesImpossiblePaths() {
    #expect(evaluationError("{{set(1.user; name.first; x)}}")?.id == "expression.invalidValue")
  }
}
