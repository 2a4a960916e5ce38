package org.supportdesk.subscription.account;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The suite never stores card numbers: a value holding 13 to 19 digits in a row (spaces and dashes
 * ignored) that pass the Luhn check is refused.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NotCardNumber.Validator.class)
public @interface NotCardNumber {

    String message() default "must not be a card number: give the payment provider's reference";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<NotCardNumber, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String digits = value.replaceAll("[ -]", "");
            java.util.regex.Matcher runs = java.util.regex.Pattern.compile("\\d{13,19}").matcher(digits);
            while (runs.find()) {
                if (luhn(runs.group())) {
                    return false;
                }
            }
            return true;
        }

        static boolean luhn(String number) {
            int sum = 0;
            boolean twice = false;
            for (int i = number.length() - 1; i >= 0; i--) {
                int digit = number.charAt(i) - '0';
                if (twice) {
                    digit *= 2;
                    if (digit > 9) {
                        digit -= 9;
                    }
                }
                sum += digit;
                twice = !twice;
            }
            return sum % 10 == 0;
        }
    }
}
