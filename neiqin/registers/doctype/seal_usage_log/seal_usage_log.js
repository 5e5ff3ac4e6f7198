{% include "neiqin/form_texts.js" %}

neiqin.form_texts.select_values_in_context("Seal Usage Log");
