/// Make's Data store app: records kept in the history database between executions (see
/// docs/datastores.md). Each module names its store in `params.store`.
package enum DataStoreModuleSpecs {
  private static let app = "Data store"

  private static let store = FieldSpec(
    "store", "Data store", .text, required: true,
    help: "The data store's name. A store exists once a record is written to it.", allowsTemplate: false)

  private static func key(required: Bool, help: String) -> FieldSpec {
    FieldSpec("key", "Key", .text, required: required, help: help)
  }

  private static let record = FieldSpec(
    "record", "Record", .any,
    help: "The record's fields: a mapping of names to values (text, number, boolean, date, array, collection).")

  /// Make's filter of Search records: OR of AND groups of conditions, as in a route's filter.
  private static let condition = FieldType.collection([
    FieldSpec("a", "Field", .text, required: true, help: "The record field compared ('key' for the key)."),
    FieldSpec("o", "Operator", .text, required: true, help: "A filter operator such as text:equal or number:greater."),
    FieldSpec("b", "Value", .any, help: "The value compared with (none for exist and notexist)."),
  ])

  package static let all: [ModuleSpec] = [
    ModuleSpec(
      name: "datastore.addRecord", label: "Add/replace a record", app: app, kind: .action,
      runtime: .runner(timeout: .make),
      summary:
        "Adds a record under the key (a new UUID when the key is empty), replacing an existing one unless overwrite is off.",
      params: [store],
      fields: [
        key(required: false, help: "The record's key; empty for a generated one."),
        FieldSpec(
          "overwrite", "Overwrite an existing record", .boolean,
          help: "Replace a record with the same key; off fails with DuplicateDataError.", default: "true"),
        record,
      ],
      output: .collection([OutputField("key", .text, "the record's key"), OutputField("data", .dynamic)])),
    ModuleSpec(
      name: "datastore.updateRecord", label: "Update a record", app: app, kind: .action,
      runtime: .runner(timeout: .make),
      summary: "Sets the given fields of the record under the key, keeping the others; a missing record is inserted.",
      params: [store],
      fields: [key(required: true, help: "The record's key."), record],
      output: .collection([OutputField("key", .text, "the record's key"), OutputField("data", .dynamic)])),
    ModuleSpec(
      name: "datastore.getRecord", label: "Get a record", app: app, kind: .action,
      runtime: .runner(timeout: .make),
      summary: "Outputs the record's fields; an empty bundle when there is no record under the key.",
      params: [store],
      fields: [key(required: true, help: "The record's key.")],
      output: .dynamic),
    ModuleSpec(
      name: "datastore.recordExists", label: "Check the existence of a record", app: app, kind: .action,
      runtime: .runner(timeout: .make),
      summary: "Outputs whether a record exists under the key.",
      params: [store],
      fields: [key(required: true, help: "The record's key.")],
      output: .collection([OutputField("exists", .boolean)])),
    ModuleSpec(
      name: "datastore.deleteRecord", label: "Delete a record", app: app, kind: .action,
      runtime: .runner(timeout: .make),
      summary: "Deletes the record under the key (nothing happens when there is none).",
      params: [store],
      fields: [key(required: true, help: "The record's key.")],
      output: .collection([OutputField("key", .text)])),
    ModuleSpec(
      name: "datastore.deleteAllRecords", label: "Delete all records", app: app, kind: .action,
      runtime: .runner(timeout: .make),
      summary: "Deletes every record of the store.",
      params: [store],
      output: .collection([])),
    ModuleSpec(
      name: "datastore.searchRecords", label: "Search records", app: app, kind: .search,
      runtime: .runner(timeout: .make),
      summary: "Outputs one bundle per record that passes the filter, sorted and limited.",
      params: [store],
      fields: [
        FieldSpec(
          "filter", "Filter", .array(of: .array(of: condition)),
          help: "OR of AND groups of conditions on the record's fields; none: every record."),
        FieldSpec(
          "sort", "Sort",
          .collection([
            FieldSpec("key", "Field", .text, required: true, help: "The field to sort by ('key' for the key)."),
            FieldSpec("order", "Order", .select(["asc", "desc"]), help: "Ascending or descending.", default: "asc"),
          ]), help: "How to order the records; by key when left out."),
        FieldSpec(
          "limit", "Limit", .integer(min: 1, max: nil), help: "The most records to output.", default: "10"),
      ],
      output: .collection([OutputField("key", .text), OutputField("data", .dynamic)])),
    ModuleSpec(
      name: "datastore.countRecords", label: "Count records", app: app, kind: .action,
      runtime: .runner(timeout: .make),
      summary: "Outputs how many records the store holds.",
      params: [store],
      output: .collection([OutputField("count", .number)])),
  ]
}
