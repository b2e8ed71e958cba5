/* briefbook: progressive enhancements for the HTML book (the book reads fully without them). */
