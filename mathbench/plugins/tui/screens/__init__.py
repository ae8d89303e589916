"""The reviewer's screens: runs and failures, checker verification, distractor authoring, plots,
help, and the small dialogs they open."""
