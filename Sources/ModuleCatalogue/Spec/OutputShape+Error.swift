extension OutputShape {
  /// What a failed module outputs to its error-handler route (and to a `resume` directive's
  /// output): `{{N.error.type}}`, `{{N.error.message}}`, `{{N.error.statusCode}}`.
  package static let moduleError = OutputShape.collection([
    OutputField(
      "error",
      .collection([
        OutputField("type", .text, "Make's error type, such as ConnectionError or DataError"),
        OutputField("message", .text, "what went wrong, as history and output show it"),
        OutputField("statusCode", .number, "the HTTP status of the answer that failed, when there was one"),
      ]), "the error that the module failed with")
  ])
}
