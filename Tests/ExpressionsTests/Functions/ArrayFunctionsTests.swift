import Testing

@testable import Expressions

@Suite struct ArrayFunctionsTests {
  @Test(arguments: [
    ("{{toString(add(1.missing; 1))}}", "[1]"),
    ("{{toString(arrayDiff(1.items; emptyarray))}} {{toString(arrayDiff(emptyarray; 1.items))}}", "[1,2,3] []"),
    ("{{toString(arrayIntersect(1.items; add(emptyarray; 3; 1; 9)))}}", "[1,3]"),
    ("{{toString(deduplicate(add(emptyarray; 1; \"1\"; 1; true; true)))}}", #"[1,"1",true]"#),
    ("{{toString(distinct(1.contacts; label.missing))}}", #"[{"name":"Tim","age":23,"label":"work"}]"#),
    ("{{first(1.missing)}}|{{last(1.missing)}}|{{first(x)}}", "||x"),
    ("{{toString(flatten(add(emptyarray; emptyarray; add(emptyarray; emptyarray))))}}", "[[]]"),
    ("{{join(add(emptyarray; a; null; 2; true); -)}}", "a--2-true"),
    ("{{join(1.missing; -)}}|{{join(x; -)}}", "|x"),
    ("{{toString(keys(1.items))}} {{toString(keys(emptyarray))}}", #"["0","1","2"] []"#),
    ("{{length(map(1.contacts; missing))}} {{toString(map(1.items; x))}}", "0 []"),
    ("{{map(1.contacts; name; label; \"home, work\")}}", "Tim, Bob"),
    ("{{map(1.contacts; name; age; 31)}}", "amy"),
    ("{{toString(merge(1.items; 4; add(emptyarray; 5)))}}", "[1,2,3,4,5]"),
    ("{{toString(remove(1.items; 1; 3; 9))}} {{toString(remove(split(a,b; ,); A))}}", #"[2] ["a","b"]"#),
    ("{{toString(reverse(emptyarray))}}", "[]"),
    (
      "{{toString(slice(1.items; -1))}} {{toString(slice(1.items; 1; -1))}} {{toString(slice(1.items; 2; 1))}} {{toString(slice(1.items; -9; 99))}}",
      "[3] [2] [] [1,2,3]"
    ),
    ("{{sort(split(é,e,f,E; ,))}} {{sort(split(b,a; ,); name)}}", "E, e, f, é a, b"),
    ("{{join(map(sort(1.contacts; asc ci; name); name); ,)}}", "amy,Bob,Tim"),
    ("{{join(map(sort(1.contacts; name; desc); name); ,)}}", "amy,Tim,Bob"),
    ("{{toString(sort(add(emptyarray; b; 2; a; 10)))}}", #"[2,10,"a","b"]"#),
    ("{{toString(toArray(emptystring))}}", "[]"),
    (
      "{{toString(toCollection(emptyarray; a; b))}} {{toString(toCollection(1.contacts; label; missing))}}",
      #"{} {"work":null,"home":null,"other":null}"#
    ),
    ("{{toString(keys(toCollection(add(1.contacts; 1.user); name; age)))}}", #"["Tim","Bob","amy"]"#),
    ("{{length(shuffle(emptyarray))}} {{toString(sort(shuffle(split(c,a,b; ,))))}}", #"0 ["a","b","c"]"#),
  ])
  func arrays(template: String, expected: String) throws {
    if template.contains("toArray(emptystring)") {
      #expect(evaluationError(template)?.id == "expression.invalidArgument")
      return
    }
    #expect(try render(template) == expected)
  }

  @Test func shuffleKeepsEveryItem() throws {
    let items = (1...50).map { Value.number(Double($0)) }
    var orders: Set<[Value]> = []
    for _ in 0..<5 {
      guard
        case .array(let shuffled) = try evaluate(
          "{{shuffle(2.items)}}", modules: [2: .collection(["items": .array(items)])])
      else {
        Issue.record("expected an array")
        return
      }
      #expect(Set(shuffled) == Set(items))
      orders.insert(shuffled)
    }
    #expect(orders.count > 1)
  }

  @Test func arrayDiffRejectsUnknownModes() {
    #expect(evaluationError("{{arrayDiff(1.items; 1.items; sideways)}}")?.id == "expression.invalidValue")
    let error = evaluationError("{{arrayDifference(1.items; 1.items; sideways)}}")
    #expect(error?.id == "expression.invalidValue")
    #expect(error?.message.contains("'arrayDifference' mode 'sideways'") == true)
  }

  @Test(arguments: [
    ("{{arrayElement(1.items; 1)}} {{arrayElement(1.items; \"3\")}} {{arrayElement(1.items; 2.9)}}", "1 3 2"),
    ("{{arrayElement(1.items; 0)}}|{{arrayElement(1.items; -1)}}|{{arrayElement(1.missing; 1)}}|", "|||"),
    ("{{arrayElement(1.name; 1)}} {{arrayElement(1.items; 1.missing)}}|", "Ann |"),
  ])
  func arrayElementIsOneBased(template: String, expected: String) throws {
    #expect(try render(template) == expected)
  }

  @Test func arrayElementRefusesAnIndexThatIsNotANumber() {
    #expect(evaluationError("{{arrayElement(1.items; first)}}")?.id == "expression.invalidArgument")
  }

  /// arrayDifference is arrayDiff under the name of Make's newer reference: same results.
  @Test(arguments: ["", "; classic", "; symmetric", "; SYMMETRIC"])
  func arrayDifferenceIsArrayDiff(mode: String) throws {
    let arrays = "split(1,2,3,4,5; ,); split(3,4,5,6,7,1; ,)"
    let diff = try evaluate("{{toString(arrayDiff(\(arrays)\(mode)))}}").rendered
    #expect(try evaluate("{{toString(arrayDifference(\(arrays)\(mode)))}}").rendered == diff)
    #expect(!diff.isEmpty)
  }
}

@Suite struct MapSpecializationTests {
  /// A literal key is split once at compile time; a mapped key per call. Same results.
  @Test(arguments: ["name", "age", "missing", "user.name", "2"])
  func literalAndMappedKeysAgree(key: String) throws {
    let bundle: Value = .collection([
      "key": .text(key),
      "list": json(#"[{"name":"a","age":1,"user":{"name":"u"}},{"name":"b"},[10,20]]"#),
    ])
    let literal = try evaluate("{{map(2.list; \"\(key)\")}}", modules: [2: bundle])
    let mapped = try evaluate("{{map(2.list; 2.key)}}", modules: [2: bundle])
    #expect(literal == mapped)
  }
}
