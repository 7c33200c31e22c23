import Testing

@testable import Expressions

@Suite struct TemplateAnalysisTests {
  @Test func listsReferencesWithPlaces() {
    let analysis = Template.analyze("{{1.a}} {{upper(2.items[1].name)}} {{3.`first name`}} {{`4`}}")
    #expect(analysis.references.map(\.moduleID) == [1, 2, 3, 4])
    #expect(analysis.references.map(\.path.dottedDescription) == ["a", "items[1].name", "first name", ""])
    #expect(analysis.references.map(\.offset) == [2, 16, 37, 56])
    #expect(analysis.references.map(\.length) == [3, 15, 14, 3])
    #expect(analysis.references.map(\.field) == ["a", "items", "first name", nil])
    #expect(analysis.referencedModuleIDs == [1, 2, 3, 4])
  }

  @Test(arguments: [
    ("{{1.a}}", ValueKind.any),
    ("{{length(1.a)}}", .number),
    ("Hi {{1.a}}", .text),
    ("plain", .text),
    ("{{if(1.a; 1; 2)}}", .number),
    ("{{if(1.a; 1; x)}}", .any),
    ("{{ifempty(1.a; \"there\")}}", .any),
    ("{{now}}", .date),
    ("{{addDays(now; 1)}}", .date),
    ("{{1 = 1}}", .boolean),
    ("{{1 + 1}}", .number),
    ("{{\"a\" + 1}}", .text),
    ("{{split(1.a; ,)}}", .array),
    ("{{pick(1.a; b)}}", .collection),
    ("{{toBinary(1.a)}}", .binary),
    ("{{null}}", .null),
    ("{{emptyarray}}", .array),
  ])
  func infersResultKind(template: String, kind: ValueKind) {
    #expect(Template.analyze(template).resultKind == kind)
  }

  @Test func shapesRefineReferenceKinds() {
    let shapes: ShapeResolver = { id, path in id == 1 && path == [.key("first_name")] ? .text : nil }
    #expect(Template.analyze("{{1.first_name}}", shapes: shapes).resultKind == .text)
    #expect(Template.analyze("{{ifempty(1.first_name; \"there\")}}", shapes: shapes).resultKind == .text)
    #expect(Template.analyze("{{1.other}}", shapes: shapes).resultKind == .any)
  }
}
