namespace streamlint {}
