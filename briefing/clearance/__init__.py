"""The clearance loop's merge: an edited Word draft's texts found where they are now, merged word by word and written back into the content."""
