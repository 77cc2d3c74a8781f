"""The pages the main window stacks: welcome, members."""
