#!/usr/bin/env python3
"""The printed-recommendation counter of scripts/eval-recommendations on
invented text laid out as `pdftotext -layout` prints Working Group reports.
Usage: eval_recommendations_test.py SOURCE_DIR"""
import os
import sys
import unittest
from importlib.machinery import SourceFileLoader

SOURCE = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
evaluation = SourceFileLoader("eval_recommendations",
                              os.path.join(SOURCE, "scripts", "eval-recommendations")).load_module()


def report(*conclusions):
    return "\n".join(["               II. Conclusions and/or recommendations", "", *conclusions,
                      "99.   All conclusions and/or recommendations contained in the present report reflect the",
                      "position of the submitting State(s)."])


class PrintedCounter(unittest.TestCase):
    # ethiopia2010: item 98 of paragraph 97 mentions recommendations, and
    # was taken for the next paragraph.
    def test_cycle1_item_that_mentions_recommendations(self):
        numbers, misprints = evaluation.printed_recommendations(report(
            "97.   The following recommendations listed below enjoy the support of Veridia:",
            "     1.   Fund the invented archive (Chile);",
            "     2.   Open the invented courts (Peru);",
            "",
            "     3.   Establish an invented process to follow up on recommendations emerging",
            "     from the invented review (Norway).",
            "98. The following recommendations will be examined by Veridia, which will provide",
            "responses in due time:",
            "     1.   Train the invented judges (Ghana);",
            "     2.   Publish the invented budget (Nepal)."))
        self.assertEqual(numbers, ["97.1", "97.2", "97.3", "98.1", "98.2"])
        self.assertEqual(misprints, [])

    # mali2013, cambodia2014: numbers printed out of their run are read by
    # their place, and said; "111. 29" (a space inside) is an item.
    def test_misprints_read_by_place(self):
        numbers, misprints = evaluation.printed_recommendations(report(
            "       111. The following recommendations enjoy the support of Veridia:",
            "            111.1 Fund the invented archive (Chile);",
            "            112.2 Open the invented courts (Peru);",
            "            111.3 Train the invented judges (Ghana);",
            "            111. 4 Publish the invented budget (Nepal);",
            "            111.15 Protect the invented rivers (Fiji);",
            "            111.6 Count the invented votes (Chad).",
            "       112. The following recommendations did not enjoy the support of Veridia:",
            "            112.1 Repeal the invented decree (Mali);",
            "            112.3 Close the invented camps (Togo)."))
        self.assertEqual(numbers, ["111.1", "111.2", "111.3", "111.4", "111.5", "111.6", "112.1", "112.3"])
        self.assertEqual(misprints, ["112.2 as 111.2", "111.15 as 111.5"])


if __name__ == "__main__":
    unittest.main()
