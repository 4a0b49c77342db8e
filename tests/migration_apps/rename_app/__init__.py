"""A model renamed by its second migration (Widget -> Gadget), in the Gate module group (issue 11, defect 10)."""
