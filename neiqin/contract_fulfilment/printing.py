"""The print format of the fulfilment statement (合同履行一览表), the default of Contract Fulfilment.

Named in Chinese: frappe's print view shows a print format by its name and prints with the name
in its picker, so a translated name could be read but not chosen (it would print the standard
format instead)."""

PRINT_FORMAT = "合同履行一览表"
# its name before neiqin named it in Chinese (renamed by patch v1.rename_statement_print_format)
OLD_NAME = "Contract Fulfilment"
